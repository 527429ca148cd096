package io.gef.jobs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One follower of the job list: the latest versions of the jobs of one owner ({@code null}: everyone's, for
 * admins), queued for its stream. The queue is bounded and filled with {@code offer}, so a reader that stopped
 * reading never stalls a job; once a job did not fit, the watch is {@link #overflowed()} and its reader must end
 * (the client reconnects and starts from a fresh snapshot) rather than go on with a hole in what it was shown.
 */
final class JobWatch {
    static final int CAPACITY = 1024;
    private final String owner;
    private final BlockingQueue<Job> queue;
    private volatile boolean overflowed;

    JobWatch(String owner, int capacity) {
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues {@code job} if this watch may see it; never blocks. */
    void offer(Job job) {
        if ((owner == null || owner.equals(job.owner())) && !queue.offer(job)) {
            overflowed = true;
        }
    }

    /** The next changed job, or null when none came within the timeout. */
    Job poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    boolean overflowed() {
        return overflowed;
    }
}
