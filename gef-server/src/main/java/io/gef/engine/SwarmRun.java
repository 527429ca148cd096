package io.gef.engine;

import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's trip through a swarm: a replicated-job service is created (the swarm places and starts its one task),
 * the task is watched until it ends (or the deadline passes: the service is removed), its log is followed, and its
 * exit code read from the task. A job whose node leaves the swarm is retried once or fails, as configured. After a
 * restart of the server, {@link #resume} takes over the job's existing service. One instance per run.
 */
final class SwarmRun {
    private static final Logger log = LoggerFactory.getLogger(SwarmRun.class);
    private static final long POLL_MS = 200;
    private static final long LOG_DRAIN_MS = 5_000;
    private final SwarmServices services;
    private final SwarmNodes nodes;
    private final com.github.dockerjava.api.DockerClient client;
    private final String instanceId;
    private final ContainerSpec spec;
    private final RunListener listener;
    private final RunHandle handle;
    private final BooleanSupplier shuttingDown;
    private final BooleanSupplier keepStopped;
    private final SwarmSettings.NodeLost nodeLost;
    private String serviceId;
    private int attempt = 1;
    private LogFollower logs;
    private String followedTask;
    private boolean startedNotified;
    private long startNanos;

    SwarmRun(SwarmServices services, SwarmNodes nodes, com.github.dockerjava.api.DockerClient client,
             String instanceId, ContainerSpec spec, RunListener listener, RunHandle handle,
             BooleanSupplier shuttingDown, BooleanSupplier keepStopped, SwarmSettings.NodeLost nodeLost) {
        this.services = services;
        this.nodes = nodes;
        this.client = client;
        this.instanceId = instanceId;
        this.spec = spec;
        this.listener = listener;
        this.handle = handle;
        this.shuttingDown = shuttingDown;
        this.keepStopped = keepStopped;
        this.nodeLost = nodeLost;
    }

    RunOutcome execute() {
        if (!handle.mayStart()) {
            return new RunOutcome.Canceled(0);
        }
        return guarded(() -> {
            startNanos = System.nanoTime();
            createService();
            return follow(0, 0);
        });
    }

    /** Takes over the job's service after a restart: follows its task, or collects it if it ended. */
    RunOutcome resume(String existing, int existingAttempt, long skipOut, long skipErr) {
        serviceId = existing;
        attempt = existingAttempt;
        handle.created(existing);
        startNanos = System.nanoTime();
        startedNotified = true; // the previous process may not have recorded it: the listener checks the state
        return guarded(() -> {
            if (handle.started()) {
                services.remove(serviceId);
            }
            notify(RunListener::started);
            return follow(skipOut, skipErr);
        });
    }

    private void createService() {
        serviceId = services.create(spec, instanceId, attempt, nodes.constraints(spec.placement()));
        handle.created(serviceId);
        notify(l -> l.created(serviceId));
        if (handle.started()) {
            services.remove(serviceId); // canceled while the service was being created
        }
    }

    private interface Step { RunOutcome run() throws InterruptedException; }

    private RunOutcome guarded(Step step) {
        boolean detached = false;
        try {
            return step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (shuttingDown.getAsBoolean()) {
                detached = true;
                return new RunOutcome.Detached();
            }
            handle.cancel();
            return new RunOutcome.Canceled(elapsedMs());
        } catch (RuntimeException e) {
            if (shuttingDown.getAsBoolean()) {
                detached = true;
                return new RunOutcome.Detached();
            }
            return failed("the swarm failed while running the job", e);
        } finally {
            closeLogs();
            if (!detached && !keepStopped.getAsBoolean() && serviceId != null) {
                removeQuietly();
            }
        }
    }

    private RunOutcome follow(long skipOut, long skipErr) throws InterruptedException {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(spec.sandbox().timeoutSeconds());
        long nextNodeCheck = 0;
        while (true) {
            if (handle.isCanceled()) {
                removeQuietly();
                return ended(137, new RunOutcome.Canceled(elapsedMs()));
            }
            if (System.nanoTime() > deadline) {
                handle.timedOut();
                removeQuietly();
                return ended(137, new RunOutcome.TimedOut(elapsedMs()));
            }
            Optional<Task> task = services.task(serviceId);
            if (task.isEmpty() && !services.exists(serviceId)) {
                return handle.isCanceled() ? ended(137, new RunOutcome.Canceled(elapsedMs()))
                        : failed("its service " + serviceId + " was removed by someone else", null);
            }
            TaskState state = task.map(t -> t.getStatus().getState()).orElse(TaskState.NEW);
            if (task.isPresent() && task.get().getNodeId() != null && followedTask == null
                    && state.ordinal() >= TaskState.RUNNING.ordinal()) {
                begin(task.get(), skipOut, skipErr);
            }
            if (state.ordinal() >= TaskState.COMPLETE.ordinal()) {
                return finished(task.get());
            }
            if (followedTask != null && System.nanoTime() > nextNodeCheck) {
                nextNodeCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                Optional<String> lost = nodes.lostReason(task.get().getNodeId());
                if (lost.isPresent()) {
                    return lostNode(lost.get());
                }
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** The task got a node and is starting: record where, say started, follow its log. */
    private void begin(Task task, long skipOut, long skipErr) {
        followedTask = task.getId();
        notify(l -> l.placed(task.getNodeId(), nodes.name(task.getNodeId())));
        if (!startedNotified) {
            startedNotified = true;
            notify(RunListener::started);
        }
        logs = client.logTaskCmd(followedTask).withStdout(true).withStderr(true).withFollow(true)
                .exec(new LogFollower(listener, skipOut, skipErr));
    }

    private RunOutcome finished(Task task) throws InterruptedException {
        if (followedTask == null) {
            begin(task, 0, 0);
        }
        String err = task.getStatus().getErr();
        Long code = task.getStatus().getContainerStatus() == null ? null
                : task.getStatus().getContainerStatus().getExitCodeLong();
        return switch (task.getStatus().getState()) {
            case COMPLETE -> ended(0, new RunOutcome.Exited(0, elapsedMs()));
            case FAILED -> code != null && code != 0 ? ended(code.intValue(), new RunOutcome.Exited(code.intValue(),
                    elapsedMs())) : failed("the task failed: " + err, null);
            case REJECTED -> failed("the swarm rejected the task: " + err, null);
            default -> nodes.lostReason(task.getNodeId()).map(this::lostNodeUnchecked)
                    .orElseGet(() -> failed("the task ended " + task.getStatus().getState() + ": " + err, null));
        };
    }

    private RunOutcome lostNodeUnchecked(String reason) {
        try {
            return lostNode(reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunOutcome.Canceled(elapsedMs());
        }
    }

    /** The task's node left: once more elsewhere when configured and not done yet, else a clear failure. */
    private RunOutcome lostNode(String reason) throws InterruptedException {
        boolean retry = nodeLost == SwarmSettings.NodeLost.RETRY && attempt == 1;
        notify(l -> l.nodeLost(reason, retry));
        if (!retry) {
            return failed(reason + "; the job did not finish", null);
        }
        closeLogs();
        removeQuietly();
        waitGone();
        attempt++;
        followedTask = null;
        createService();
        return follow(0, 0);
    }

    private void waitGone() throws InterruptedException {
        for (int i = 0; i < 150 && services.exists(serviceId); i++) {
            Thread.sleep(POLL_MS);
        }
    }

    private RunOutcome ended(int exitCode, RunOutcome outcome) throws InterruptedException {
        long ms = elapsedMs();
        if (logs != null) {
            // the live stream may not end with the task: stop it, then read the finished log for what it missed
            logs.awaitCompletion(300, TimeUnit.MILLISECONDS);
            try {
                logs.close();
            } catch (IOException e) {
                log.debug("closing task log", e);
            }
            try (var rest = client.logTaskCmd(followedTask).withStdout(true).withStderr(true).withFollow(false)
                    .exec(logs.catchUp())) {
                rest.awaitCompletion(LOG_DRAIN_MS, TimeUnit.MILLISECONDS);
            } catch (IOException | RuntimeException e) {
                log.debug("re-reading the finished log of task {}", followedTask, e);
            }
            logs.detach();
        }
        notify(l -> l.finished(exitCode, ms));
        if (outcome instanceof RunOutcome.Exited && handle.isCanceled()) {
            return new RunOutcome.Canceled(ms);
        }
        return outcome;
    }

    private void removeQuietly() {
        try {
            services.remove(serviceId);
        } catch (RuntimeException e) {
            // left for reconciliation: it carries the job and instance labels
            log.warn("job {}: could not remove service {}: {}", spec.jobId(), serviceId, e.toString());
        }
    }

    private void closeLogs() {
        if (logs != null) {
            logs.detach();
            try {
                logs.close();
            } catch (IOException e) {
                log.debug("closing task log", e);
            }
            logs = null;
        }
    }

    private RunOutcome failed(String what, Throwable cause) {
        return RunOutcome.failed(spec, "service " + (serviceId == null ? "none" : serviceId), what, cause,
                logs == null ? List.of() : logs.tail());
    }

    private void notify(Consumer<RunListener> event) {
        RunListener.safely(listener, spec.jobId(), event);
    }

    private long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
