package io.gef.http;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.javalin.http.Context;

/** Small helpers handlers share: the authenticated caller, typed query parameters. */
final class Requests {
    static final String CALLER = "gef.caller";

    private Requests() {
    }

    /** The caller the auth filter put on this request; every /api route except the public ones has one. */
    static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        if (c == null) {
            throw new IllegalStateException("route " + ctx.path() + " reached without authentication");
        }
        return c;
    }

    static int intQuery(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new GefException(ErrorCode.BAD_QUERY, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new GefException(ErrorCode.BAD_QUERY, name + " must be a whole number");
        }
    }
}
