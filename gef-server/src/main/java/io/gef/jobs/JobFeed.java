package io.gef.jobs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Live fan-out of what happens to jobs. Per job: log lines, events and the end; followers subscribe a queue;
 * history comes from the store, so a follower subscribes first, then reads history, then skips what it has seen
 * (by {@code seq}) — no line is lost or shown twice between the two. Across jobs: every stored version of a job
 * (created, moved, updated) goes to the {@link JobWatch}es that may see its owner, for live job lists.
 */
final class JobFeed {
    /** What a follower receives: a {@link LogLine}, a {@link JobEvent}, or {@link #END}. */
    static final Object END = new Object();

    private final Map<String, List<BlockingQueue<Object>>> followers = new ConcurrentHashMap<>();
    private final Set<JobWatch> watches = ConcurrentHashMap.newKeySet();
    private final Map<String, List<CompletableFuture<Void>>> endings = new ConcurrentHashMap<>();

    void subscribe(String jobId, BlockingQueue<Object> queue) {
        followers.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(queue);
    }

    void unsubscribe(String jobId, BlockingQueue<Object> queue) {
        followers.computeIfPresent(jobId, (k, list) -> {
            list.remove(queue);
            return list.isEmpty() ? null : list;
        });
    }

    void publish(String jobId, Object item) {
        List<BlockingQueue<Object>> list = followers.get(jobId);
        if (list != null) {
            // offer, not put: a follower that stopped reading must never stall the job
            list.forEach(q -> q.offer(item));
        }
    }

    void end(String jobId) {
        publish(jobId, END);
        List<CompletableFuture<Void>> waiting = endings.remove(jobId);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
    }

    /**
     * Completes when {@code jobId} ends in this process (after its follow-up ran). Register before checking the
     * job's state, so an end between the two is not missed; a caller that gives up removes it with
     * {@link #forgetEnding}.
     */
    CompletableFuture<Void> ending(String jobId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        endings.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(f);
        return f;
    }

    void forgetEnding(String jobId, CompletableFuture<Void> f) {
        endings.computeIfPresent(jobId, (k, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    void watch(JobWatch w) {
        watches.add(w);
    }

    void unwatch(JobWatch w) {
        watches.remove(w);
    }

    /** How many list followers are subscribed (tests check that a closed stream leaves none behind). */
    int watchCount() {
        return watches.size();
    }

    /** A job was stored in this version: tell every watch that may see it (never blocks). */
    void changed(Job job) {
        watches.forEach(w -> w.offer(job));
    }
}
