package io.gef.jobs;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes jobs from the durable queue (QUEUED rows in the store, oldest first) and runs at most {@code concurrency}
 * at once. A job is claimed by a compare-and-set QUEUED → INITIALIZING, so it runs at most once even if two
 * dispatchers (or a cancel) race for it. Woken on submit; also polls, so a missed wake-up only delays.
 */
final class JobDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);
    private final JobStore store;
    private final JobRecorder recorder;
    private final String engine;
    private final Semaphore slots;
    private final Consumer<Job> execution;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private Thread loop;

    JobDispatcher(JobStore store, JobRecorder recorder, String engine, int concurrency, Consumer<Job> execution) {
        this.store = store;
        this.recorder = recorder;
        this.engine = engine;
        this.slots = new Semaphore(concurrency);
        this.execution = execution;
    }

    void start() {
        running = true;
        loop = Thread.ofPlatform().name("gef-dispatcher").daemon().start(this::loop);
    }

    void wake() {
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
                dispatchQueued();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("dispatcher pass failed; retrying", e);
            }
        }
    }

    private void dispatchQueued() throws InterruptedException {
        for (Job job : store.queued(Math.max(1, slots.availablePermits()))) {
            if (!slots.tryAcquire()) {
                return;
            }
            var claimed = recorder.move(job, JobState.INITIALIZING, b -> b.engine(engine),
                    new JobRecorder.Event("dequeued", Map.of("engine", engine)));
            if (claimed.isEmpty()) {
                slots.release(); // canceled or claimed elsewhere in the meantime
                continue;
            }
            workers.submit(() -> {
                try {
                    execution.accept(claimed.get());
                } finally {
                    slots.release();
                    wake();
                }
            });
        }
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        workers.shutdownNow();
    }
}
