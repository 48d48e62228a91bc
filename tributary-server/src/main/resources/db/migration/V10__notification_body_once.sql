-- A notification made of a received webhook whose body it embeds byte for byte stores only its
-- envelope: raw_offset is where the received body (a leading byte order mark left out) goes back
-- in when it is sent or listed. NULL: the body is stored whole (other sources, a body that is not
-- JSON, an erased notification).
ALTER TABLE notifications ADD COLUMN raw_offset INTEGER;
