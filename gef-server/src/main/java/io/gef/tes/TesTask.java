package io.gef.tes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A TES task as the specification writes it (tesTask and the types it holds), both the body of {@code POST /tasks}
 * and the answer of {@code GET /tasks/{id}}. Unknown fields of a request are ignored, as a TES server meets clients
 * written against later minor versions; absent fields are left out of answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TesTask(String id, String state, String name, String description, List<Input> inputs,
                      List<Output> outputs, Resources resources, List<Executor> executors, List<String> volumes,
                      Map<String, String> tags, List<TaskLog> logs, String creation_time) {

    /** What the MINIMAL view shows. */
    static TesTask minimal(String id, String state) {
        return new TesTask(id, state, null, null, null, null, null, null, null, null, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Executor(String image, List<String> command, String workdir, String stdin, String stdout,
                           String stderr, Map<String, String> env, Boolean ignore_error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, String description, String url, String path, String type, String content,
                        Boolean streamable) {
        Input withoutContent() {
            return new Input(name, description, url, path, type, null, streamable);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String name, String description, String url, String path, String path_prefix,
                         String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resources(Integer cpu_cores, Boolean preemptible, Double ram_gb, Double disk_gb,
                            List<String> zones, Map<String, String> backend_parameters,
                            Boolean backend_parameters_strict) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskLog(List<ExecutorLog> logs, Map<String, String> metadata, String start_time,
                          String end_time, List<OutputFileLog> outputs, List<String> system_logs) {
        TaskLog basic() {
            return new TaskLog(logs.stream().map(ExecutorLog::basic).toList(), metadata, start_time, end_time,
                    outputs, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecutorLog(String start_time, String end_time, String stdout, String stderr, int exit_code) {
        ExecutorLog basic() {
            return new ExecutorLog(start_time, end_time, null, null, exit_code);
        }
    }

    /** {@code size_bytes} is a string: the specification's int64 in JSON. */
    public record OutputFileLog(String url, String path, String size_bytes) {
    }

    /** The body of {@code POST /tasks}' answer. */
    public record Created(String id) {
    }

    /** {@code GET /tasks}: a page of tasks, newest first; {@code next_page_token} absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<TesTask> tasks, String next_page_token) {
    }
}
