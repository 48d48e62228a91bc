package dev.tributary.instances;

import dev.tributary.shopify.ShopDomain;

/**
 * What reading a shop through an instance needs: the shop and the instance's decrypted Admin API
 * access token. Never logged: {@link #toString()} leaves the token out.
 */
public record ShopAccess(long instanceId, ShopDomain shop, String accessToken) {

    @Override
    public String toString() {
        return "ShopAccess[instance=" + instanceId + ", shop=" + shop + "]";
    }
}
