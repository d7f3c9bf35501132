package dev.cfscim.cli;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mixed mode (a request given an answer in advance gets it, every other one goes to the
 * CRUD store) over {@link KeyedCrudDispatcher}: fabric8's {@code KubernetesMixedDispatcher} builds
 * its own store and takes no other.
 */
final class KeyedMixedDispatcher extends Dispatcher implements Resetable, CustomResourceAware {

    private final Map<ServerRequest, Queue<ServerResponse>> answers;
    private final MockDispatcher given;
    private final KeyedCrudDispatcher store = new KeyedCrudDispatcher();

    KeyedMixedDispatcher(Map<ServerRequest, Queue<ServerResponse>> answers) {
        this.answers = answers;
        this.given = new MockDispatcher(answers);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> answer = answers.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()),
                request.getPath()));
        return answer != null && !answer.isEmpty() ? given.dispatch(request) : store.dispatch(request);
    }

    @Override
    public void reset() {
        store.reset();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext context) {
        store.expectCustomResource(context);
    }
}
