package io.gef.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The server's metrics. Built once by the composition root; {@link #scrape()} refreshes the gauges that are read
 * from the database and renders the Prometheus text format.
 *
 * <pre>curl -s http://127.0.0.1:8080/metrics | grep gef_jobs</pre>
 */
public final class Metrics {
    // a few fixed buckets rather than Micrometer's ~70 percentile buckets per series: enough for quantiles
    private static final Duration[] HTTP_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    private static final Duration[] PHASE_BUCKETS = durations(100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
            300000, 900000, 3600000);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> refreshers = new ArrayList<>();
    private final List<AutoCloseable> binders = new ArrayList<>();
    private volatile EngineLoadHistory engineLoad;

    /** A registry with the JVM's own metrics; the other sources are attached by the {@code bind…} methods. */
    public static Metrics create() {
        Metrics m = new Metrics();
        new ClassLoaderMetrics().bindTo(m.registry);
        new JvmMemoryMetrics().bindTo(m.registry);
        new JvmThreadMetrics().bindTo(m.registry);
        new ProcessorMetrics().bindTo(m.registry);
        new UptimeMetrics().bindTo(m.registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(m.registry);
        m.binders.add(gc);
        return m;
    }

    /** Hikari's pool metrics (connections active, idle, pending, acquire time) when {@code ds} is its pool. */
    public Metrics bindPool(DataSource ds) {
        if (ds instanceof HikariDataSource h) {
            h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return this;
    }

    /** Jobs by state and service, queue and running per engine, builds by state: counted in the database. */
    public Metrics bindDatabase(DataSource ds) {
        refreshers.add(new StoreGauges(ds, registry)::refresh);
        return this;
    }

    /** Whether each engine answers and how many jobs it may run at once, asked at scrape time. */
    public Metrics bindEngines(Supplier<List<EngineGauges.Engine>> engines) {
        refreshers.add(new EngineGauges(engines, registry)::refresh);
        return this;
    }

    /** Keeps each engine's load of the last hour for the engines page (see {@link #engineLoad()}). */
    public Metrics bindEngineLoad(EngineLoadHistory history) {
        engineLoad = history;
        return this;
    }

    /** Each engine's load of the last hour; empty when no history is bound (focused tests). */
    public EngineLoadHistory.LastHour engineLoad() {
        EngineLoadHistory h = engineLoad;
        return h == null ? new EngineLoadHistory.LastHour(java.util.Map.of(), List.of()) : h.lastHour();
    }

    /** The step the job service runs once per finished job: counts it and records its phases. */
    public JobPhases jobPhases(DataSource ds) {
        return new JobPhases(ds, this);
    }

    /** One HTTP request: {@code route} is the matched route template (never the raw path, to bound the labels). */
    public void httpRequest(String method, String route, int status, Duration took) {
        Timer.builder("gef_http_requests").description("HTTP requests by route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(HTTP_BUCKETS).register(registry).record(took);
    }

    /** Bytes sent to clients as file or archive downloads. */
    public void downloaded(long bytes) {
        if (bytes > 0) {
            Counter.builder("gef_downloaded_bytes").description("bytes of volume and dataset files sent to clients")
                    .register(registry).increment(bytes);
        }
    }

    /** A submission the policy refused, by the rule that refused it. */
    public void policyDenied(String rule) {
        Counter.builder("gef_policy_denials").description("submissions and publications the policy refused")
                .tag("rule", rule == null ? "unknown" : rule).register(registry).increment();
    }

    void jobFinished(String state, String service, String engine) {
        Counter.builder("gef_jobs_finished").description("jobs that reached a terminal state")
                .tags("state", state, "service", service, "engine", engine).register(registry).increment();
    }

    void phase(String phase, String service, Duration took) {
        Timer.builder("gef_job_phase").description("time a job spent in each phase: queue, stage_in, run, stage_out")
                .tags("phase", phase, "service", service).serviceLevelObjectives(PHASE_BUCKETS)
                .register(registry).record(took);
    }

    void staged(String service, long bytes) {
        DistributionSummary.builder("gef_staged_bytes").description("bytes staged in for a job")
                .baseUnit("bytes").tag("service", service).register(registry).record(bytes);
    }

    private static Duration[] durations(long... millis) {
        return java.util.Arrays.stream(millis).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    }

    /** The Prometheus text format, gauges refreshed first. */
    public String scrape() {
        refreshers.forEach(Runnable::run);
        return registry.scrape();
    }

    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }
}
