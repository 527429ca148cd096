package io.gef.volumes;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.store.Sql;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may see and mount which dataset, in the database: a grantee is {@code user:<id>} or {@code role:<role>}
 * (everyone holding that role; GEF has no other groups). Admins see every dataset without a grant.
 */
record DatasetGrants(Sql sql, Clock clock) {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,40}");

    /** The canonical grantee for a request naming exactly one of {@code user} (an id) or {@code role}. */
    static String grantee(String user, String role) {
        if ((user == null) == (role == null)) {
            throw new GefException(ErrorCode.BAD_FIELD, "give exactly one of user (a user id) or role");
        }
        if (user != null) {
            if (!USER_ID.matcher(user).matches()) {
                throw new GefException(ErrorCode.BAD_FIELD, "user must be a user id");
            }
            return "user:" + user;
        }
        Role r = Role.parse(role);
        if (r == null) {
            throw new GefException(ErrorCode.BAD_FIELD, "role must be one of admin, publisher, user");
        }
        return "role:" + r.wire();
    }

    boolean granted(String dataset, Caller c) {
        if (c.isAdmin()) {
            return true;
        }
        List<String> who = new java.util.ArrayList<>(List.of("user:" + c.id()));
        c.roles().forEach(r -> who.add("role:" + r.wire()));
        String marks = String.join(",", who.stream().map(w -> "?").toList());
        Object[] params = new Object[who.size() + 1];
        params[0] = dataset;
        for (int i = 0; i < who.size(); i++) {
            params[i + 1] = who.get(i);
        }
        return sql.one("SELECT 1 FROM dataset_grants WHERE dataset = ? AND grantee IN (" + marks + ")", rs -> true,
                params).isPresent();
    }

    DatasetGrant add(String dataset, String grantee, String by) {
        Instant now = clock.instant();
        sql.update("MERGE INTO dataset_grants (dataset, grantee, granted_by, granted_at) KEY (dataset, grantee)"
                + " VALUES (?, ?, ?, ?)", dataset, grantee, by, Timestamp.from(now));
        return new DatasetGrant(dataset, grantee, by, now);
    }

    boolean remove(String dataset, String grantee) {
        return sql.update("DELETE FROM dataset_grants WHERE dataset = ? AND grantee = ?", dataset, grantee) > 0;
    }

    List<DatasetGrant> of(String dataset) {
        return sql.list("SELECT dataset, grantee, granted_by, granted_at FROM dataset_grants WHERE dataset = ?"
                + " ORDER BY grantee", rs -> new DatasetGrant(rs.getString(1), rs.getString(2), rs.getString(3),
                Sql.instant(rs, "granted_at")), dataset);
    }
}
