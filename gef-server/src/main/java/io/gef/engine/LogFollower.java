package io.gef.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one container's stdout/stderr and hands complete lines to the listener as frames arrive. Keeps the
 * last lines for failure messages. After {@link #detach()} nothing more reaches the listener, which is how the
 * runner guarantees that no line arrives after {@code finished}.
 */
final class LogFollower extends PollableCallback<Frame> {
    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int TAIL_LINES = 20;
    private final RunListener listener;
    private final LineSplitter out;
    private final LineSplitter err;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private boolean detached;
    /** Lines per stream (stdout, stderr) a previous process already stored: re-read, not delivered again. */
    private final long[] skip;
    /** Complete lines per stream read from the log before {@link #detach()}, skipped ones included. */
    private final long[] seen = new long[2];

    LogFollower(RunListener listener) {
        this(listener, 0, 0);
    }

    /** A follower that resumes a log: the first {@code skipOut}/{@code skipErr} complete lines are not delivered. */
    LogFollower(RunListener listener, long skipOut, long skipErr) {
        this.listener = listener;
        this.skip = new long[] {skipOut, skipErr};
        this.out = new LineSplitter(MAX_LINE_BYTES, line -> deliver(LogStream.STDOUT, line));
        this.err = new LineSplitter(MAX_LINE_BYTES, line -> deliver(LogStream.STDERR, line));
    }

    private long outBytes;
    private long errBytes;

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        boolean isErr = frame.getStreamType() == StreamType.STDERR;
        synchronized (this) {
            if (isErr) {
                errBytes += payload.length;
            } else {
                outBytes += payload.length;
            }
        }
        (isErr ? err : out).accept(payload);
    }

    /**
     * Waits up to {@code ms} for the live stream's last frames, feeds what the finished log holds beyond them
     * ({@link #catchUp}) and detaches: after this no line reaches the listener.
     */
    void drain(com.github.dockerjava.api.DockerClient client, String containerId, long ms)
            throws InterruptedException {
        awaitCompletion(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        try (var rest = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
                .withFollowStream(false).exec(catchUp())) {
            rest.awaitCompletion(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("re-reading the finished log of {}", containerId, e);
        }
        detach();
    }

    /**
     * Feeds what a complete, non-following read of the log holds beyond what the live stream delivered. The
     * engine's follow stream can end at the container's exit before its log driver wrote the last bytes (an
     * unterminated final line, typically); the finished log has them.
     */
    ResultCallback.Adapter<Frame> catchUp() {
        long[] skip;
        synchronized (this) {
            skip = new long[] {outBytes, errBytes};
        }
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] p = frame.getPayload();
                if (p == null) {
                    return;
                }
                int i = frame.getStreamType() == StreamType.STDERR ? 1 : 0;
                int from = (int) Math.min(p.length, Math.max(0, skip[i]));
                skip[i] -= p.length;
                if (from < p.length) {
                    (i == 1 ? err : out).accept(java.util.Arrays.copyOfRange(p, from, p.length));
                }
            }

            @Override
            public void onComplete() {
                out.flush();
                err.flush();
                super.onComplete();
            }
        };
    }

    @Override
    public void onComplete() {
        out.flush();
        err.flush();
        super.onComplete();
    }

    /**
     * A broken log stream is not a failed job: the runner notices the container still runs and waits for it
     * another way (or re-attaches). So the error is logged, not rethrown from {@code awaitCompletion}; a partial
     * last line is kept, not flushed: the rest of it comes with the catch-up read or the re-attached stream.
     */
    @Override
    public void onError(Throwable t) {
        log.debug("log stream ended with an error", t);
        try {
            close();
        } catch (java.io.IOException e) {
            log.debug("closing log stream", e);
        }
    }

    private synchronized void deliver(LogStream stream, String line) {
        int i = stream == LogStream.STDERR ? 1 : 0;
        if (!detached) {
            seen[i]++;
        }
        if (skip[i] > 0) {
            skip[i]--;
            return;
        }
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
        if (detached) {
            return;
        }
        try {
            listener.line(stream, line);
        } catch (RuntimeException e) {
            log.warn("run listener failed on a log line", e);
        }
    }

    /** Stops delivery to the listener (lines still feed the tail). */
    synchronized void detach() {
        detached = true;
    }

    /**
     * Stops following (the engine stopped answering): detaches, closes the stream (in the background) and returns
     * the complete lines per stream (stdout, stderr) read so far, which a follower re-attached to the same
     * container skips.
     */
    long[] abandon() {
        long[] counts;
        synchronized (this) {
            detached = true;
            counts = seen.clone();
        }
        closeInBackground();
        return counts;
    }

    /** Closes the stream on a thread of its own: closing a connection to a frozen engine may wait on it. */
    void closeInBackground() {
        Thread.ofVirtual().name("gef-log-close").start(() -> {
            try {
                close();
            } catch (java.io.IOException | RuntimeException e) {
                log.debug("closing a log stream", e);
            }
        });
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
