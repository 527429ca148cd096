package io.gef.jobs;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What must happen once a job has ended (signing its provenance). {@link #prepare} makes the records of the end
 * from the job as it will be stored, and their write joins the transaction that stores the terminal state, so a
 * client told that the job ended finds them there, with no forced disk write of their own. When it throws, the
 * job's end is stored with a follow-up row instead and the step is retried later (and after a restart) until it
 * succeeds, so it must be idempotent.
 */
@FunctionalInterface
public interface JobFinishedStep {
    /** The write of what the job's end records; called before the end is stored, for the job as it will be. */
    Write prepare(Job ended) throws Exception;

    /** What may wait until followers have heard the end (counting it); runs once the records are stored. */
    default void after(Job ended) {
    }

    /** Writes the prepared records as part of the caller's transaction. */
    @FunctionalInterface
    interface Write {
        Write NOTHING = c -> { };

        void to(Connection c) throws SQLException;
    }
}
