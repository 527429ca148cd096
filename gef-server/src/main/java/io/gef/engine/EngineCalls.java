package io.gef.engine;

import com.github.dockerjava.api.exception.DockerException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Docker API calls with a bound on their wall time. A frozen or partitioned engine accepts TCP connections (the
 * kernel does) but never answers, and docker-java's TLS handshake then waits without limit: such a call runs on a
 * virtual thread of its own, and the caller gives up after the bound. The abandoned thread ends when the
 * engine answers or the socket's read timeout fires.
 */
final class EngineCalls {
    private static final long SLICE_MS = 250;
    private EngineCalls() {
    }

    /**
     * The engine did not answer: {@code down} when it refused the connection (its dockerd is not running, so its
     * containers were stopped), otherwise it timed out or the connection broke (frozen, partitioned, overloaded).
     */
    static final class Unreachable extends RuntimeException {
        private final boolean down;

        Unreachable(String message, boolean down, Throwable cause) {
            super(message, cause);
            this.down = down;
        }

        boolean down() {
            return down;
        }
    }

    /**
     * The calling thread was interrupted (the server is stopping, or the job's thread is being stopped) before the
     * engine answered. Not {@link Unreachable}: it says nothing about the engine, so it must not mark the engine
     * failing nor start waiting for it. The thread's interrupt flag stays set.
     */
    static final class Interrupted extends RuntimeException {
        Interrupted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code call} for at most {@code max}. An answer of the engine (also an error answer such as 404) is
     * returned or rethrown as is; no answer is an {@link Unreachable} naming {@code what}.
     */
    static <T> T call(String what, Duration max, Callable<T> call) {
        return call(what, max, () -> false, call);
    }

    /**
     * As {@link #call(String, Duration, Callable)}, but also gives up (as {@link Unreachable}) as soon as
     * {@code engineFailing} says the engine's health probe fails: a job that waits for its container's state must
     * not sit out a long request bound on a frozen engine while its grace for the engine runs down.
     */
    static <T> T call(String what, Duration max, java.util.function.BooleanSupplier engineFailing,
                      Callable<T> call) {
        var result = new CompletableFuture<T>();
        Thread.ofVirtual().name("gef-engine-call").start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        long until = System.nanoTime() + max.toNanos();
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                try {
                    return result.get(Math.max(0, Math.min(SLICE_MS, left)), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (left <= SLICE_MS) {
                        throw new Unreachable(what + ": no answer within " + max.toSeconds() + " s", false, e);
                    }
                    if (engineFailing.getAsBoolean()) {
                        throw new Unreachable(what + ": no answer, and the engine's health probe fails", false, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(what + ": interrupted", e);
        } catch (ExecutionException e) {
            throw unreachableOr(what, e.getCause());
        }
    }

    /** {@code t} as an {@link Unreachable} when it says the engine did not answer; else {@code t} itself. */
    static RuntimeException unreachableOr(String what, Throwable t) {
        if (t instanceof Unreachable u) {
            return u;
        }
        if (t instanceof Interrupted i) {
            return i;
        }
        if (t instanceof DockerException d) {
            return d; // the engine answered, with an error status
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return new Unreachable(what + ": connection refused (" + c.getMessage() + ")", true, t);
            }
            if (c instanceof java.io.IOException) {
                return new Unreachable(what + ": " + c, false, t);
            }
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
