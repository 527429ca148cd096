package io.gef.policy;

import java.util.List;

/**
 * The policy's answer for one image: allowed unless an enforced rule failed. {@code pinned} is the image by
 * digest ({@code host/repo@sha256:…}) when it could be resolved; {@code violations} are failed enforced rules,
 * {@code audited} failed audit-mode rules (allowed, but recorded). {@code jobUser} is the policy's user rule
 * ({@link Policy#jobUser()}), which a job stores with its decision and runs by.
 */
public record Decision(boolean allowed, String policyDigest, String image, String pinned, Stage stage,
                       List<RuleResult> results, String jobUser) {
    public List<RuleResult> violations() {
        return results.stream().filter(r -> !r.passed() && r.mode() == Mode.ENFORCE).toList();
    }

    public List<RuleResult> audited() {
        return results.stream().filter(r -> !r.passed() && r.mode() == Mode.AUDIT).toList();
    }

    /** Human text listing every failed enforced rule and its reason. */
    public String summary() {
        return violations().stream().map(r -> r.rule() + ": " + r.reason()).reduce((a, b) -> a + "; " + b)
                .orElse("allowed");
    }
}
