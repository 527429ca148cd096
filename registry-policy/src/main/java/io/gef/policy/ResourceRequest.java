package io.gef.policy;

/** Resources a job asks for; null fields are not checked (nothing asked). */
public record ResourceRequest(Integer memoryMb, Double cpus, Integer timeoutSeconds, boolean network) {
    public static final ResourceRequest NONE = new ResourceRequest(null, null, null, false);
}
