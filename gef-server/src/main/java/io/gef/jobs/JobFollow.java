package io.gef.jobs;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One follower of one job's log and events: it subscribes to the live feed first, then replays the stored history,
 * then streams live items, skipping what it has seen by sequence number, so no line is lost or shown twice.
 */
final class JobFollow {
    private final JobStore store;
    private final JobFeed feed;
    private final LogBook logs;
    private final String id;
    private final JobService.Follower f;

    JobFollow(JobStore store, JobFeed feed, LogBook logs, String id, JobService.Follower f) {
        this.store = store;
        this.feed = feed;
        this.logs = logs;
        this.id = id;
        this.f = f;
    }

    /** Replays stored history, then streams live items until the job ends or the follower stops. */
    void run() throws InterruptedException {
        BlockingQueue<Object> q = new LinkedBlockingQueue<>(10_000);
        feed.subscribe(id, q); // before reading history, so nothing falls between the two
        try {
            long[] last = {0, 0}; // last log seq, last event seq
            if (!catchUp(id, f, last, Long.MAX_VALUE)) {
                return;
            }
            boolean ended = isTerminal(id);
            while (!ended) {
                Object item = q.poll(JobService.HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (item == null) {
                    if (!f.idle()) {
                        return;
                    }
                    ended = isTerminal(id);
                } else if (item == JobFeed.END) {
                    break;
                } else if (item instanceof LogLine l && l.seq() > last[0]) {
                    // a gap means the queue overflowed: fill it from the stored log
                    if (l.seq() > last[0] + 1 && !catchUp(id, f, last, l.seq() - 1)) {
                        return;
                    }
                    if (!f.onLog(l)) {
                        return;
                    }
                    last[0] = l.seq();
                } else if (item instanceof JobEvent e && e.seq() > last[1]) {
                    if (!f.onEvent(e)) {
                        return;
                    }
                    last[1] = e.seq();
                }
            }
            catchUp(id, f, last, Long.MAX_VALUE); // whatever was stored after the last live item
        } finally {
            feed.unsubscribe(id, q);
        }
    }

    private boolean isTerminal(String id) {
        return store.get(id).map(j -> j.state().isTerminal()).orElse(true);
    }

    private boolean catchUp(String id, JobService.Follower f, long[] last, long upToLogSeq) {
        for (LogLine l : logs.read(id)) {
            if (l.seq() > last[0] && l.seq() <= upToLogSeq) {
                if (!f.onLog(l)) {
                    return false;
                }
                last[0] = l.seq();
            }
        }
        for (JobEvent e : store.events(id)) {
            if (e.seq() > last[1]) {
                if (!f.onEvent(e)) {
                    return false;
                }
                last[1] = e.seq();
            }
        }
        return true;
    }
}
