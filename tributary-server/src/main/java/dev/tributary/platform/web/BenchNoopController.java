package dev.tributary.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /bench/noop}, only with {@code TRIBUTARY_BENCH_NOOP=true}: reads the body and answers
 * 200 with nothing, through the same filters and framework as the webhook address, so a benchmark
 * can tell the cost of ingesting from the cost of serving HTTP at all.
 */
@RestController
@ConditionalOnBooleanProperty("tributary.bench.noop")
class BenchNoopController {

    @PostMapping(path = "/bench/noop", consumes = MediaType.ALL_VALUE)
    ResponseEntity<Void> noop(@RequestBody(required = false) byte[] body) {
        return ResponseEntity.ok().build();
    }
}
