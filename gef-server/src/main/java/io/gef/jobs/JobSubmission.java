package io.gef.jobs;

import io.gef.auth.Caller;

/** Turns a validated request into a QUEUED job: resolves the image, checks inputs, parameters and policy. */
interface JobSubmission {
    Job plan(Caller caller, JobRequest request, String replayOf);
}
