package io.gef.jobs;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How many queued jobs the dispatcher will start before a given one, following its fair order rather than age:
 * it serves users in turn, least recently served first (ties: whose oldest queued job is older), one job per user
 * per turn. So a job that is its owner's k-th queued (k jobs of theirs ahead) starts after k turns: every other user
 * gets up to k jobs in before it, plus one more if they come before its owner in the turn order. Engines that are
 * full or do not fit a job, and per-user running limits, can still change the order: this is the queue's order,
 * not a promise.
 */
final class QueuePosition {
    /** One user's part of the queue: how many jobs they have queued and the sequence number of their oldest. */
    record Share(String owner, int queued, long oldestSeq) {
    }

    private QueuePosition() {
    }

    /**
     * @param owner      the job's owner
     * @param ownAhead   the owner's queued jobs older than the job
     * @param shares     every user's share of the queue (the owner's included)
     * @param lastServed when each user was last served by the dispatcher (0: never), larger is later
     */
    static int ahead(String owner, int ownAhead, List<Share> shares, ToLongFunction<String> lastServed) {
        Share mine = shares.stream().filter(s -> s.owner().equals(owner)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(owner + " has no queued job"));
        int ahead = ownAhead;
        for (Share s : shares) {
            if (s.owner().equals(owner)) {
                continue;
            }
            ahead += Math.min(s.queued(), ownAhead);
            if (s.queued() > ownAhead && before(s, mine, lastServed)) {
                ahead++;
            }
        }
        return ahead;
    }

    private static boolean before(Share a, Share b, ToLongFunction<String> lastServed) {
        int byTurn = Long.compare(lastServed.applyAsLong(a.owner()), lastServed.applyAsLong(b.owner()));
        return byTurn != 0 ? byTurn < 0 : a.oldestSeq() < b.oldestSeq();
    }
}
