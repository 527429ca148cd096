package io.gef.server;

import io.gef.engine.ContainerRunner;
import io.gef.engine.Engines;
import io.gef.engine.SwarmPool;
import io.gef.engine.SwarmSettings;
import io.gef.notices.Notices;
import io.gef.registry.RegistryClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, every swarm engine's nodes must see the server's data directory at the same path (the disk all
 * nodes mount): a tiny job on each node reads a marker file written there, and a node that fails is refused, the
 * reason a notice for admins (docs/swarm.md).
 */
final class SwarmStart {
    private static final Logger log = LoggerFactory.getLogger(SwarmStart.class);
    /** The image of the check: the trusted registry's base image, which every GEF installation has. */
    static final String CHECK_TAG = "1";

    private SwarmStart() {
    }

    static void checkSharedDisk(List<Engines.Entry> engines, Path dataDir, RegistryClient registry,
                                String registryHost, String namespace, Notices notices) {
        for (Engines.Entry e : engines) {
            checkOne(e, dataDir, registry, registryHost, namespace, notices);
        }
    }

    /** The elastic pools of the swarms that have a pool policy, started. */
    static List<SwarmPool> pools(List<Engines.Entry> engines, java.util.function.Supplier<Map<String, Integer>> queued,
                                 Path dataDir, RegistryClient registry, String registryHost, String namespace,
                                 Notices notices, java.time.Clock clock) {
        var pools = new java.util.ArrayList<SwarmPool>();
        for (Engines.Entry e : engines) {
            if (e.settings() == null || e.settings().swarm().flatMap(SwarmSettings::pool).isEmpty()) {
                continue;
            }
            String name = e.runner().engineName();
            pools.add(new SwarmPool(name, e.runner().swarmNodes().orElseThrow(),
                    e.settings().swarm().get().pool().get(), e.capacity(),
                    () -> queued.get().getOrDefault(name, 0), notices::record,
                    () -> checkOne(e, dataDir, registry, registryHost, namespace, notices), clock).start());
        }
        return pools;
    }

    private static void checkOne(Engines.Entry e, Path dataDir, RegistryClient registry, String registryHost,
                                 String namespace, Notices notices) {
        ContainerRunner runner = e.runner();
        if (runner.swarmNodes().isEmpty() || e.settings() == null || e.settings().swarm().isEmpty()) {
            return;
        }
        String ref = e.settings().swarm().get().checkImage().orElse(namespace + "/base:" + CHECK_TAG);
        int colon = ref.lastIndexOf(':');
        String image;
        try {
            image = registryHost + "/" + ref.substring(0, colon) + "@" + registry.resolve(ref.substring(0, colon),
                    ref.substring(colon + 1));
        } catch (RuntimeException ex) {
            notices.record("swarm-check-skipped", "swarm " + runner.engineName() + ": the shared-disk check"
                    + " needs the image " + ref + " in the trusted registry: " + ex.getMessage(),
                    Map.of("engine", runner.engineName()));
            return;
        }
        Path dir = dataDir.resolve("swarm-check");
        Map<String, String> refused = runner.checkSharedDisk(dir, image);
        refused.forEach((node, why) -> notices.record("swarm-node-refused", why,
                Map.of("engine", runner.engineName(), "node", node)));
        log.info("swarm {}: shared-disk check of {} done, {} node(s) refused", runner.engineName(), dir,
                refused.size());
    }
}
