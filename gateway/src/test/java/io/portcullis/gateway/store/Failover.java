package io.portcullis.gateway.store;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Load on two gateway instances while a Redis master is killed: what every request got, and when the answers were all
 * good again. Workers send requests one after another, each on its own thread, alternating between the instances.
 */
final class Failover {

    /** One answer: what was asked, its status ({@code -1}: no answer within the client's timeout), when it came. */
    record Answer(String what, int status, String body, long atMillis) {
        boolean good() {
            return status == 200;
        }
    }

    /** A kind of request a worker sends in a loop; {@code i} counts its requests. */
    record Load(String what, IntFunction<CompletableFuture<HttpResponse<String>>> request) {
    }

    private final List<Answer> answers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService workers;

    private Failover(List<Load> loads) {
        workers = Executors.newFixedThreadPool(loads.size());
        for (Load load : loads) {
            workers.execute(() -> {
                for (int i = 0; running.get(); i++) {
                    record(load.what(), load.request().apply(i));
                }
            });
        }
    }

    static Failover start(List<Load> loads) {
        return new Failover(loads);
    }

    private void record(String what, CompletableFuture<HttpResponse<String>> request) {
        Answer answer;
        try {
            HttpResponse<String> response = request.join();
            answer = new Answer(what, response.statusCode(), response.body(), System.currentTimeMillis());
        } catch (RuntimeException e) {
            answer = new Answer(what, -1, e.getClass().getSimpleName(), System.currentTimeMillis());
        }
        synchronized (answers) {
            answers.add(answer);
        }
    }

    /**
     * Waits until every answer for {@code stable} ms (and at least {@code minimum} of them) was good, at most
     * {@code limit} ms after {@code since}; returns when the good answers began (the last bad one's time, or
     * {@code since} when none was bad), or -1 when they never did.
     */
    long awaitRecovery(long since, long stable, int minimum, long limit) throws InterruptedException {
        while (System.currentTimeMillis() - since < limit) {
            Thread.sleep(50);
            List<Answer> after = answersSince(since);
            long lastBad = after.stream().filter(answer -> !answer.good()).mapToLong(Answer::atMillis).max().orElse(since);
            long goodSince = after.stream().filter(answer -> answer.atMillis() > lastBad).count();
            if (System.currentTimeMillis() - lastBad >= stable && goodSince >= minimum) {
                return lastBad;
            }
        }
        return -1;
    }

    List<Answer> answersSince(long since) {
        synchronized (answers) {
            return answers.stream().filter(answer -> answer.atMillis() >= since).toList();
        }
    }

    List<Answer> all() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
