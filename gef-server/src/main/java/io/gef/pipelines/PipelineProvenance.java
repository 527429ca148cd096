package io.gef.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What pipelines need from provenance (which implements it, so this package does not depend on signing):
 * a signed statement for an ended pipeline listing its steps' statements, and its RO-Crate.
 */
public interface PipelineProvenance {
    /**
     * Signs and stores the statement of an ended pipeline. Idempotent; throws while a step that ran has no
     * statement yet (the runner tries again).
     */
    void record(Pipeline pipeline) throws Exception;

    /** The stored DSSE envelope, if signed. */
    Optional<JsonNode> envelope(String pipelineId);

    /** Streams the pipeline's Workflow Run Crate as a zip. */
    void crate(Pipeline pipeline, OutputStream out) throws IOException;
}
