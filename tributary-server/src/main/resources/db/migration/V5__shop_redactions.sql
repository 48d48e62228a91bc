-- shop/redact requests still to be carried out: written with the redact webhook, in its
-- transaction, so the erasure happens by erase_by whether or not the notification is ever delivered.
CREATE TABLE shop_redactions (
    id          ${id_column},
    account_id  BIGINT NOT NULL,
    shop_domain TEXT   NOT NULL,
    -- payloads received up to this time are erased; a shop that reinstalls afterwards starts afresh
    received_at BIGINT NOT NULL,
    erase_by    BIGINT NOT NULL,
    erased_at   BIGINT
);

CREATE INDEX shop_redactions_due ON shop_redactions (erased_at, erase_by);
