package io.gef.policy;

/** Where the policy is asked: publishing an image, submitting a job, replaying one. */
public enum Stage {
    PUBLISH, SUBMIT, REPLAY
}
