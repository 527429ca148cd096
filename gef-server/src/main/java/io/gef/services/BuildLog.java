package io.gef.services;

import java.util.ArrayList;
import java.util.List;

/** The lines a build printed, kept in memory while the server runs; followers wait for new lines. */
final class BuildLog {
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized List<String> from(int index) {
        return List.copyOf(lines.subList(Math.min(index, lines.size()), lines.size()));
    }

    /** Waits up to {@code ms} for lines past {@code index} or the end; true when there is something new. */
    synchronized boolean await(int index, long ms) throws InterruptedException {
        if (lines.size() <= index && !ended) {
            wait(ms);
        }
        return lines.size() > index;
    }

    synchronized boolean ended() {
        return ended;
    }
}
