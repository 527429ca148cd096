package io.gef.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-events response written directly to the socket. The handler thread (a virtual thread) blocks
 * while it streams; {@link #send} returns false once the client has gone, so the producer can stop.
 */
final class SseStream {
    private final OutputStream out;

    SseStream(Context ctx) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        this.out = ctx.res().getOutputStream();
        out.flush();
    }

    static boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        return "true".equals(ctx.queryParam("follow")) || accept != null && accept.contains("text/event-stream");
    }

    /** Sends one event whose data is a single line of JSON. */
    synchronized boolean send(String event, String id, String jsonData) {
        StringBuilder b = new StringBuilder();
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: ").append(event).append('\n').append("data: ").append(jsonData).append("\n\n");
        return write(b.toString());
    }

    /** A comment line keeps proxies and idle timeouts from closing a quiet stream. */
    synchronized boolean heartbeat() {
        return write(": keep-alive\n\n");
    }

    private boolean write(String s) {
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
