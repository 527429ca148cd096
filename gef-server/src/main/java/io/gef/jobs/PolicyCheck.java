package io.gef.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/** Asks the registry policy whether an image may run with these resources. */
@FunctionalInterface
public interface PolicyCheck {
    /**
     * @return the decision to store with the job (each rule's result, the policy digest)
     * @throws io.gef.errors.GefException 403 with every failed rule when the policy denies
     */
    JsonNode check(String pinnedImage, Resources resources);
}
