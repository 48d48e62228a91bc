package dev.tributary.platform.paging;

import java.util.List;
import java.util.function.ToLongFunction;

import org.springframework.http.ResponseEntity;

/** The items of one page and, when more follow, the token for the next. */
public record Page<T>(List<T> items, String nextPageToken) {

    /** Cuts the rows fetched with {@link PageRequest#fetchSize()} down to a page. */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, ToLongFunction<T> id) {
        if (fetched.size() <= request.size()) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, request.size());
        return new Page<>(items, PageRequest.tokenAfter(id.applyAsLong(items.get(items.size() - 1))));
    }

    /** The answer of a list endpoint: the items as a JSON array, the token in a header. */
    public ResponseEntity<List<T>> toResponse() {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (nextPageToken != null) {
            response.header(PageRequest.NEXT_PAGE_HEADER, nextPageToken);
        }
        return response.body(items);
    }
}
