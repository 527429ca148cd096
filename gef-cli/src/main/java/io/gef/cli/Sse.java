package io.gef.cli;

import java.io.BufferedReader;
import java.io.IOException;

/** The part of the server-sent-events format GEF's streams use: {@code id:}, {@code event:}, one {@code data:}. */
final class Sse {
    private Sse() {
    }

    /** One event; {@code data} is a line of JSON. */
    record Event(String type, String id, String data) {
    }

    interface Sink {
        /** Returns false to stop reading. */
        boolean accept(Event e);
    }

    static void read(BufferedReader in, Sink sink) throws IOException {
        String type = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isEmpty()) {
                if (!data.isEmpty() && !sink.accept(new Event(type, id, data.toString()))) {
                    return;
                }
                type = "message";
                id = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
            // ':' comments are heartbeats
        }
    }
}
