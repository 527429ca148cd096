package io.gef.services;

import com.github.dockerjava.api.DockerClient;
import io.gef.policy.PolicyService;
import io.gef.registry.RegistryClient;
import io.gef.store.Sql;
import java.nio.file.Path;
import java.security.KeyPair;
import io.gef.audit.AuditLog;
import java.time.Clock;
import javax.sql.DataSource;

/** The services capability, assembled: the catalog (also the jobs' resolver) and publishing builds. */
public final class Services implements AutoCloseable {
    private final ServiceCatalog catalog;
    private final ServiceBuilds builds;
    private final RegistryPulls registryPulls;

    private Services(ServiceCatalog catalog, ServiceBuilds builds, RegistryPulls registryPulls) {
        this.catalog = catalog;
        this.builds = builds;
        this.registryPulls = registryPulls;
    }

    public static Services create(DataSource ds, DockerClient docker, RegistryClient registry, String namespace,
                                  PolicyService policy, KeyPair signingKey, Path buildsDir, Clock clock,
                                  BuildLimits limits) {
        Sql sql = new Sql(ds);
        CatalogStore store = new CatalogStore(sql);
        Publisher publisher = new Publisher(docker, registry, namespace, policy, signingKey, store, clock, limits);
        AuditLog audit = new AuditLog(ds, clock);
        return new Services(new ServiceCatalog(store, clock, audit), new ServiceBuilds(sql, publisher, buildsDir,
                clock, audit, limits.maxContextBytes()), new RegistryPulls(registry.tokens(), clock));
    }

    /** Start-up: builds a previous process accepted but did not finish run again (or fail, saying why). */
    public Services start() {
        builds.resume();
        return this;
    }

    public ServiceCatalog catalog() {
        return catalog;
    }

    public RegistryPulls registryPulls() {
        return registryPulls;
    }

    public ServiceBuilds builds() {
        return builds;
    }

    @Override
    public void close() {
        builds.close();
    }
}
