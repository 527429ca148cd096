package io.gef.jobs;

/**
 * How busy one engine is, as the dispatcher counts: jobs it holds from claim to end, against its capacity, and
 * whether its last health check answered. Thread-safe.
 */
final class EngineLoad {
    private final JobEngine engine;
    private int running;
    private volatile boolean healthy = true;

    EngineLoad(JobEngine engine) {
        this.engine = engine;
    }

    JobEngine engine() {
        return engine;
    }

    String name() {
        return engine.name();
    }

    /** Takes a slot if one is free. */
    synchronized boolean tryTake() {
        if (running >= engine.capacityNow()) {
            return false;
        }
        running++;
        return true;
    }

    /** Takes a slot even past capacity: a job re-attached after a restart is already running there. */
    synchronized void take() {
        running++;
    }

    synchronized void release() {
        running--;
    }

    synchronized int running() {
        return running;
    }

    synchronized boolean hasRoom() {
        return running < engine.capacityNow();
    }

    /** Share of the capacity in use, for "least loaded". */
    synchronized double load() {
        return (double) running / Math.max(1, engine.capacityNow());
    }

    boolean healthy() {
        return healthy;
    }

    void healthy(boolean now) {
        healthy = now;
    }
}
