package io.gef.tes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;

/** The three views of a task the specification defines; MINIMAL is the default. */
public enum TesView {
    /** Only {@code id} and {@code state}. */
    MINIMAL,
    /** All fields except executor stdout/stderr, input content and system logs. */
    BASIC,
    /** Everything. */
    FULL;

    /** The view named by the {@code view} query parameter (null: MINIMAL), or a 400. */
    public static TesView parse(String v) {
        if (v == null || v.isEmpty()) {
            return MINIMAL;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new GefException(ErrorCode.BAD_QUERY, "view must be MINIMAL, BASIC or FULL");
        }
    }

    /** {@code full} cut down to this view. */
    TesTask shape(TesTask full) {
        return switch (this) {
            case MINIMAL -> TesTask.minimal(full.id(), full.state());
            case BASIC -> new TesTask(full.id(), full.state(), full.name(), full.description(),
                    full.inputs() == null ? null : full.inputs().stream().map(TesTask.Input::withoutContent).toList(),
                    full.outputs(), full.resources(), full.executors(), full.volumes(), full.tags(),
                    full.logs() == null ? null : full.logs().stream().map(TesTask.TaskLog::basic).toList(),
                    full.creation_time());
            case FULL -> full;
        };
    }
}
