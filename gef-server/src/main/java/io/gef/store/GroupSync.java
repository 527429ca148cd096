package io.gef.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit for {@link Sql}'s forced writes: {@code CHECKPOINT SYNC} writes and forces everything committed so
 * far, by any connection, so writers that committed while another one's sync was running need not force the file
 * again once it is their turn if a sync that started after their commit has finished. With jobs running at once
 * their forced writes (15–30 ms each on a loaded disk) queued one behind the other; now one sync serves them all.
 * The promise does not change: a writer returns only after a sync that started after its commit has finished.
 */
final class GroupSync {
    private static final Map<DataSource, GroupSync> BY_DATABASE = Collections.synchronizedMap(new WeakHashMap<>());
    /** Commits that asked to be made durable, counted after their commit returned. */
    private final AtomicLong committed = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    /** Every commit counted up to this number is durable (guarded by {@link #lock}). */
    private long durable;

    static GroupSync of(DataSource ds) {
        return BY_DATABASE.computeIfAbsent(ds, k -> new GroupSync());
    }

    /** Returns once what {@code c} (and everyone else) committed before this call is on the device. */
    void persist(Connection c) throws SQLException {
        long mine = committed.incrementAndGet();
        lock.lock();
        try {
            if (durable >= mine) {
                return; // a sync that started after our commit has finished
            }
            long upTo = committed.get(); // all of these committed before the sync below starts
            try (var st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
            durable = upTo;
        } finally {
            lock.unlock();
        }
    }
}
