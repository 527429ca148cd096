package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job containers of one server instance on one plain engine, found by their {@code gef.instance} and
 * {@code gef.job.id} labels: listed and removed with the engine's bounded client, so a frozen engine makes these
 * calls fail instead of hang.
 */
final class LabelledContainers {
    private static final Logger log = LoggerFactory.getLogger(LabelledContainers.class);
    private final DockerEngine engine;
    private final DockerClient client;
    private final String instanceId;

    LabelledContainers(DockerEngine engine, String instanceId) {
        this.engine = engine;
        this.client = engine.calls();
        this.instanceId = instanceId;
    }

    /** Containers of {@code jobId} (running or not). */
    List<Container> of(String jobId) {
        return list(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId, ContainerSpec.LABEL_JOB_ID, jobId));
    }

    /** Ids of jobs with a container here, sorted. */
    List<String> jobIds() {
        var ids = new TreeSet<String>();
        for (Container c : list(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId))) {
            String id = c.getLabels() == null ? null : c.getLabels().get(ContainerSpec.LABEL_JOB_ID);
            if (id != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /** Force-removes the containers of {@code jobId}; returns how many. */
    int reap(String jobId) {
        int removed = 0;
        for (Container c : of(jobId)) {
            try {
                EngineCalls.call("engine " + engine.name() + ": remove container " + c.getId(),
                        DockerEngine.REQUEST_TIMEOUT, () -> client.removeContainerCmd(c.getId()).withForce(true)
                                .withRemoveVolumes(true).exec());
                removed++;
                log.info("reaped container {} of job {}", c.getId(), jobId);
            } catch (NotFoundException e) {
                log.debug("container {} of job {} already gone", c.getId(), jobId);
            } catch (ConflictException e) {
                // the engine answers 409 while someone else (the job's own execution) is removing it: gone soon
                log.debug("container {} of job {} is being removed already", c.getId(), jobId);
            } catch (RuntimeException e) {
                throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot remove the container of job " + jobId, e);
            }
        }
        return removed;
    }

    private List<Container> list(Map<String, String> labels) {
        try {
            return EngineCalls.call("engine " + engine.name() + ": list containers", DockerEngine.REQUEST_TIMEOUT,
                    () -> client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
        } catch (RuntimeException e) {
            throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot list containers on engine " + engine.name(),
                    e);
        }
    }

    /** Kills a container, waiting at most a few seconds; one that already stopped or is gone is not an error. */
    static void kill(DockerClient client, String containerId) {
        try {
            EngineCalls.call("kill container " + containerId, DockerEngine.PROBE_TIMEOUT,
                    () -> client.killContainerCmd(containerId).exec());
        } catch (NotFoundException | ConflictException e) {
            log.debug("kill {}: not running any more", containerId);
        } catch (RuntimeException e) {
            log.warn("could not kill container {}: {}", containerId, e.toString());
        }
    }
}
