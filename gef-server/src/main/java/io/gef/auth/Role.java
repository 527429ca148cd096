package io.gef.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user may do. An admin may do everything a publisher or user may, on every user's objects. */
public enum Role {
    ADMIN, PUBLISHER, USER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "admin" / "publisher" / "user"; null for anything else. */
    @JsonCreator
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return r;
            }
        }
        return null;
    }
}
