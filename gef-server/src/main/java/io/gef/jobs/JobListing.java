package io.gef.jobs;

import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.util.ArrayList;
import java.util.List;

/** The job list's query: filters as WHERE clauses, newest first along an index, a keyset cursor on seq. */
final class JobListing {
    private JobListing() {
    }

    static JobPage list(Sql sql, JobQuery q) {
        StringBuilder where = new StringBuilder(" WHERE j.seq < ?");
        List<Object> params = new ArrayList<>(List.of(q.cursorSeq()));
        if (q.owner() != null) {
            where.append(" AND j.owner_id = ?");
            params.add(q.owner());
        }
        if (q.state() != null) {
            where.append(" AND j.state = ?");
            params.add(q.state().name());
        }
        if (q.service() != null) {
            where.append(" AND j.service_name = ?");
            params.add(q.service());
        }
        if (q.namePrefix() != null) {
            where.append(" AND j.name LIKE ? ESCAPE '\\'");
            params.add(q.namePrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (q.createdFrom() != null) {
            where.append(" AND j.created_at >= ?");
            params.add(q.createdFrom());
        }
        if (q.createdTo() != null) {
            where.append(" AND j.created_at < ?");
            params.add(q.createdTo());
        }
        if (q.tag() != null) {
            int eq = q.tag().indexOf('=');
            where.append(" AND EXISTS (SELECT 1 FROM job_tags t WHERE t.job_id = j.id AND t.tag = ?");
            params.add(eq < 0 ? q.tag() : q.tag().substring(0, eq));
            if (eq >= 0) {
                where.append(" AND t.val = ?");
                params.add(q.tag().substring(eq + 1));
            }
            where.append(")");
        }
        params.add(q.limit() + 1);
        record Row(long seq, Job job) {
        }
        List<Row> rows = sql.list("SELECT j.seq, j.doc FROM jobs j" + where + " ORDER BY " + order(q)
                + " LIMIT ?",
                rs -> new Row(rs.getLong(1), JsonCodec.read(rs.getString(2), Job.class)), params.toArray());
        boolean more = rows.size() > q.limit();
        List<Row> page = more ? rows.subList(0, q.limit()) : rows;
        return new JobPage(page.stream().map(Row::job).toList(), more ? Long.toString(page.getLast().seq()) : null);
    }

    /**
     * Newest first, spelled so H2 walks a (column, seq) index and stops after the page: it uses an index for the
     * order only when the ORDER BY names the index's columns, the equality-filtered one included; ordering by a
     * column every row shares changes nothing else. Plain "seq DESC" with a filter read every matching row.
     */
    private static String order(JobQuery q) {
        if (q.owner() != null) {
            return q.state() != null ? "j.state DESC, j.owner_id DESC, j.seq DESC"
                    : q.service() != null ? "j.owner_id DESC, j.service_name DESC, j.seq DESC"
                    : "j.owner_id DESC, j.seq DESC";
        }
        if (q.state() != null) {
            return "j.state DESC, j.seq DESC";
        }
        return q.service() != null ? "j.service_name DESC, j.seq DESC" : "j.seq DESC";
    }
}
