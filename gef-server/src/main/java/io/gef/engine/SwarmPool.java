package io.gef.engine;

import com.github.dockerjava.api.model.SwarmNodeAvailability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elastic pool of one swarm (the Nimbus EPU idea): every few seconds it compares the jobs queued for the swarm
 * with the policy's water marks. Above {@code queueHighWater} for {@code sustain}, it asks the scale-out hook for
 * more nodes (up to {@code max}); at or below {@code queueLowWater} for {@code sustain}, it drains idle workers and
 * asks the scale-in hook to remove them (never a node that runs a task, never below {@code min}, never a manager).
 * A node that fails its health check (down or disconnected) is removed and replaced, so the pool keeps its size
 * and at least {@code min}. Every decision is a notice for admins, with its reason.
 */
public final class SwarmPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwarmPool.class);
    private static final long HOOK_TIMEOUT_S = 300;

    /** Where the decisions go (the admins' notices). */
    public interface Decisions {
        void record(String kind, String message, Map<String, Object> data);
    }

    private final String engine;
    private final SwarmNodes nodes;
    private final SwarmSettings.Pool policy;
    private final int jobsPerNode;
    private final IntSupplier queued;
    private final Decisions decisions;
    private final Clock clock;
    private final Runnable checkNewNodes;
    private Instant highSince;
    private Instant lowSince;
    private volatile boolean running;
    private Thread loop;

    /**
     * @param jobsPerNode what one node takes at once (the engine's {@code max-concurrent-jobs})
     * @param queued      jobs queued for this swarm now
     * @param checkNewNodes the shared-disk check, run after nodes were added
     */
    public SwarmPool(String engine, SwarmNodes nodes, SwarmSettings.Pool policy, int jobsPerNode, IntSupplier queued,
                     Decisions decisions, Runnable checkNewNodes, Clock clock) {
        this.checkNewNodes = checkNewNodes;
        this.engine = engine;
        this.nodes = nodes;
        this.policy = policy;
        this.jobsPerNode = Math.max(1, jobsPerNode);
        this.queued = queued;
        this.decisions = decisions;
        this.clock = clock;
    }

    public SwarmPool start() {
        running = true;
        loop = Thread.ofPlatform().name("gef-swarm-pool-" + engine).daemon().start(() -> {
            while (running) {
                try {
                    tick();
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("swarm {} pool: pass failed, retrying: {}", engine, e.toString());
                }
            }
        });
        return this;
    }

    /** One look at the swarm and the queue; at most one decision. */
    void tick() throws InterruptedException {
        List<SwarmNodes.Node> all = nodes.list();
        List<SwarmNodes.Node> failed = all.stream().filter(n -> !n.manager() && ("down".equals(n.state())
                || "disconnected".equals(n.state()))).toList();
        List<SwarmNodes.Node> up = all.stream().filter(n -> "ready".equals(n.state())).toList();
        for (SwarmNodes.Node n : failed) {
            replace(n, up.size());
            return;
        }
        int size = up.size();
        int q = queued.getAsInt();
        Instant now = clock.instant();
        highSince = q > policy.queueHighWater() ? (highSince == null ? now : highSince) : null;
        lowSince = q <= policy.queueLowWater() ? (lowSince == null ? now : lowSince) : null;
        if (size < policy.min()) {
            scaleOut(policy.min(), "the pool has " + size + " node(s), below its min of " + policy.min());
        } else if (highSince != null && !now.isBefore(highSince.plus(policy.sustain())) && size < policy.max()) {
            int wanted = Math.min(policy.max(), size + (q + jobsPerNode - 1) / jobsPerNode);
            scaleOut(wanted, q + " queued job(s) stayed above the high water mark of " + policy.queueHighWater()
                    + " for " + policy.sustain().toSeconds() + " s");
            highSince = null;
        } else if (lowSince != null && !now.isBefore(lowSince.plus(policy.sustain())) && size > policy.min()) {
            scaleIn(up, q);
            lowSince = null;
        }
    }

    private void replace(SwarmNodes.Node n, int upNow) throws InterruptedException {
        int wanted = Math.max(policy.min(), upNow + 1);
        decide("swarm-node-replaced", "node " + n.name() + " failed its health check (" + n.state() + "): removed,"
                + " and a replacement asked for, to keep " + wanted + " node(s)", Map.of("node", n.id(),
                "wanted", wanted));
        hook(policy.scaleInHook(), upNow, List.of(n.id()));
        try {
            nodes.forget(n.id());
        } catch (RuntimeException gone) {
            log.debug("node {} already removed", n.id());
        }
        hook(policy.scaleOutHook(), wanted, List.of());
        checkNewNodes.run();
    }

    private void scaleOut(int wanted, String reason) throws InterruptedException {
        decide("swarm-scale-out", "swarm " + engine + ": asking for " + wanted + " node(s): " + reason,
                Map.of("wanted", wanted));
        hook(policy.scaleOutHook(), wanted, List.of());
        checkNewNodes.run();
    }

    /** Drains idle workers down to what the queue needs (at least min) and asks the hook to remove them. */
    private void scaleIn(List<SwarmNodes.Node> up, int q) throws InterruptedException {
        int keep = Math.max(policy.min(), (q + jobsPerNode - 1) / jobsPerNode);
        List<String> removing = new ArrayList<>();
        for (SwarmNodes.Node n : up.reversed()) {
            if (up.size() - removing.size() <= keep) {
                break;
            }
            if (n.manager() || nodes.busy(n.id())) {
                continue; // never a manager, never a node that runs a job
            }
            nodes.availability(n.id(), SwarmNodeAvailability.DRAIN);
            if (nodes.busy(n.id())) { // a task landed between the look and the drain: keep the node
                nodes.availability(n.id(), SwarmNodeAvailability.ACTIVE);
                continue;
            }
            removing.add(n.id());
        }
        if (removing.isEmpty()) {
            return;
        }
        int wanted = up.size() - removing.size();
        decide("swarm-scale-in", "swarm " + engine + ": removing idle node(s) " + removing + " to " + wanted
                + ": " + q + " queued job(s) stayed at or below the low water mark of " + policy.queueLowWater()
                + " for " + policy.sustain().toSeconds() + " s", Map.of("wanted", wanted, "nodes", removing));
        hook(policy.scaleInHook(), wanted, removing);
    }

    private void decide(String kind, String message, Map<String, Object> data) {
        log.info("{}", message);
        var all = new java.util.HashMap<String, Object>(data);
        all.put("engine", engine);
        decisions.record(kind, message, all);
    }

    private void hook(List<String> command, int wanted, List<String> nodeIds) throws InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(Integer.toString(wanted));
        cmd.addAll(nodeIds);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            boolean ended = p.waitFor(HOOK_TIMEOUT_S, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!ended) {
                p.destroyForcibly();
            }
            if (!ended || p.exitValue() != 0) {
                decide("swarm-hook-failed", "swarm " + engine + ": hook " + cmd + (ended ? " exited "
                        + p.exitValue() : " ran past " + HOOK_TIMEOUT_S + " s") + (out.isEmpty() ? "" : ": " + out),
                        Map.of("wanted", wanted));
            }
        } catch (IOException e) {
            decide("swarm-hook-failed", "swarm " + engine + ": cannot run hook " + cmd + ": " + e.getMessage(),
                    Map.of("wanted", wanted));
        }
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
