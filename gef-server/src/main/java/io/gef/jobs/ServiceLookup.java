package io.gef.jobs;

/** Resolves {@code name}, {@code name:version} or {@code registry/repo@sha256:…} to a runnable service. */
@FunctionalInterface
public interface ServiceLookup {
    /** @throws io.gef.errors.GefException ({@code bad_field}) naming {@code service} when there is no such service */
    ServicePlan resolve(String reference);
}
