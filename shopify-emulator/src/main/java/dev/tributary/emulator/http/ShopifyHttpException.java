package dev.tributary.emulator.http;

/** Ends a request with a ready answer, from anywhere below an endpoint. */
public class ShopifyHttpException extends RuntimeException {

    private final transient Response response;

    public ShopifyHttpException(Response response) {
        super(response.status() + " " + response.bodyText(), null, false, false);
        this.response = response;
    }

    public Response response() {
        return response;
    }
}
