package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of one swarm as GEF sees them: their state, the nodes GEF refused (they failed the shared-disk check,
 * so no job is placed there), whether a job's node has left, and draining a node before the pool removes it.
 */
public final class SwarmNodes {
    /** Engine label a node's dockerd may carry ({@code --label gef.node=w1}) to tell same-host nodes apart. */
    static final String NODE_LABEL = "gef.node";

    /**
     * One node.
     *
     * @param id           the swarm's node id
     * @param name         host name, with its {@code gef.node} engine label when it has one
     * @param state        ready, down, unknown or disconnected
     * @param availability active, pause or drain
     * @param manager      whether it is a manager
     * @param labels       its node labels ({@code docker node update --label-add}), used by placement
     * @param refused      why GEF places no job there (failed the shared-disk check), or null
     */
    public record Node(String id, String name, String state, String availability, boolean manager,
                       Map<String, String> labels, String refused) {
        public boolean ready() {
            return "ready".equals(state) && "active".equals(availability) && refused == null;
        }
    }

    private final DockerClient client;
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private volatile String selfId;
    private volatile int readyCount = -1;
    private volatile long readyAsked;

    SwarmNodes(DockerClient client) {
        this.client = client;
    }

    /**
     * Nodes that take jobs (ready, active, not refused), asked at most every 2 s; 0 when the manager does not
     * answer.
     */
    public int readyCount() {
        if (readyCount < 0 || System.nanoTime() - readyAsked > 2_000_000_000L) {
            try {
                list();
            } catch (GefException e) {
                readyCount = 0;
                readyAsked = System.nanoTime();
            }
        }
        return readyCount;
    }

    /** Every node of the swarm now. */
    public List<Node> list() {
        try {
            List<Node> all = client.listSwarmNodesCmd().exec().stream().map(this::node).toList();
            readyCount = (int) all.stream().filter(Node::ready).count();
            readyAsked = System.nanoTime();
            return all;
        } catch (RuntimeException e) {
            throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot list the nodes of the swarm", e);
        }
    }

    private Node node(SwarmNode n) {
        String state = n.getStatus() == null || n.getStatus().getState() == null ? "unknown"
                : n.getStatus().getState().name().toLowerCase(java.util.Locale.ROOT);
        SwarmNodeAvailability a = n.getSpec() == null ? null : n.getSpec().getAvailability();
        Map<String, String> labels = n.getSpec() == null || n.getSpec().getLabels() == null ? Map.of()
                : Map.copyOf(n.getSpec().getLabels());
        return new Node(n.getId(), nameOf(n), state, a == null ? "active" : a.name().toLowerCase(java.util.Locale.ROOT),
                n.getManagerStatus() != null, labels, refused.get(n.getId()));
    }

    private String nameOf(SwarmNode n) {
        var d = n.getDescription();
        String host = d == null || d.getHostname() == null ? n.getId() : d.getHostname();
        Map<String, String> engineLabels = d == null || d.getEngine() == null || d.getEngine().getLabels() == null
                ? Map.of() : d.getEngine().getLabels();
        String name = engineLabels.containsKey(NODE_LABEL) ? host + " (" + NODE_LABEL + "=" + engineLabels.get(NODE_LABEL)
                + ")" : host;
        names.put(n.getId(), name);
        return name;
    }

    /** The id of the manager's own node (the one whose engine GEF talks to); null when the manager cannot say. */
    String selfId() {
        if (selfId == null) {
            try {
                var swarm = client.infoCmd().exec().getSwarm();
                selfId = swarm == null ? null : swarm.getNodeID();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return selfId;
    }

    /** The node's name for the job's record; its id when the swarm no longer knows it. */
    String name(String nodeId) {
        String known = names.get(nodeId);
        if (known != null) {
            return known;
        }
        return find(nodeId).map(this::nameOf).orElse(nodeId);
    }

    private Optional<SwarmNode> find(String nodeId) {
        return client.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().stream()
                .filter(n -> nodeId.equals(n.getId())).findFirst();
    }

    /** Why the job on {@code nodeId} cannot go on there: the node left the swarm or is down; empty while it is up. */
    Optional<String> lostReason(String nodeId) {
        if (nodeId == null) {
            return Optional.empty();
        }
        Optional<SwarmNode> n = find(nodeId);
        if (n.isEmpty()) {
            return Optional.of("node " + name(nodeId) + " left the swarm while the job ran");
        }
        SwarmNodeState s = n.get().getStatus() == null ? null : n.get().getStatus().getState();
        if (s == SwarmNodeState.DOWN || s == SwarmNodeState.DISCONNECTED) {
            return Optional.of("node " + name(nodeId) + " went " + s.name().toLowerCase(java.util.Locale.ROOT)
                    + " while the job ran");
        }
        return Optional.empty();
    }

    /** The job's constraints plus one per refused node, so no job lands on a node that failed its check. */
    List<String> constraints(List<String> placement) {
        List<String> all = new ArrayList<>(placement);
        refused.keySet().stream().sorted().forEach(id -> all.add("node.id!=" + id));
        return all;
    }

    void refuse(String nodeId, String reason) {
        refused.put(nodeId, reason);
        readyAsked = 0;
    }

    void accept(String nodeId) {
        refused.remove(nodeId);
        readyAsked = 0;
    }

    /** Sets a node's availability (drain: the swarm places nothing new there, before the pool removes it). */
    void availability(String nodeId, SwarmNodeAvailability availability) {
        SwarmNode n = find(nodeId).orElseThrow(() -> new GefException(ErrorCode.ENGINE_UNAVAILABLE, "no node "
                + nodeId + " in the swarm"));
        var spec = n.getSpec().withAvailability(availability);
        client.updateSwarmNodeCmd().withSwarmNodeId(nodeId).withVersion(n.getVersion().getIndex())
                .withSwarmNodeSpec(spec).exec();
        readyAsked = 0;
    }

    /** Whether a task (any service's) is placed on the node and not ended: such a node is never removed. */
    boolean busy(String nodeId) {
        return client.listTasksCmd().withNodeFilter(nodeId).exec().stream().anyMatch(t -> t.getStatus() != null
                && t.getStatus().getState() != null
                && t.getStatus().getState().ordinal() < com.github.dockerjava.api.model.TaskState.COMPLETE.ordinal()
                && t.getDesiredState() != null && t.getDesiredState().ordinal()
                <= com.github.dockerjava.api.model.TaskState.RUNNING.ordinal());
    }

    /** Removes a node that is down from the swarm's list (its replacement joins as a new node). */
    void forget(String nodeId) {
        client.removeSwarmNodeCmd(nodeId).withForce(true).exec();
        refused.remove(nodeId);
        readyAsked = 0;
    }
}
