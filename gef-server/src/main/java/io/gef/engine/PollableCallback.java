package io.gef.engine;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stream callback whose end can be waited for in slices. docker-java's {@code awaitCompletion(timeout)} closes
 * the stream when it returns, also when the time is up: a follow that looks at its engine's health between slices
 * would end its log stream after the first slice, and every job would then be followed by re-attaching.
 */
class PollableCallback<T> extends ResultCallback.Adapter<T> {
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable error;

    /** Whether the stream ended (completed, failed or was closed) within {@code ms}; never closes it. */
    final boolean ended(long ms) throws InterruptedException {
        return ended.await(ms, TimeUnit.MILLISECONDS);
    }

    /** The error the stream ended with, if it ended with one. */
    final Optional<Throwable> failure() {
        return Optional.ofNullable(error);
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        try {
            close();
        } catch (IOException e) {
            t.addSuppressed(e);
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            ended.countDown();
        }
    }
}
