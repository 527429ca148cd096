package io.gef.http;

import java.util.Map;

/**
 * Headers on every response, the GUI's included. The GUI is plain ES modules and one stylesheet, with no inline
 * script or style and no third-party origin, so the policy allows only its own origin: injected markup could not
 * run script, and no other site may frame it (clickjacking).
 */
final class SecurityHeaders {
    static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
                    + " blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin");

    private SecurityHeaders() {
    }
}
