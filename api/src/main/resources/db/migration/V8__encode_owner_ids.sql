-- Owner ids become a one-to-one encoding of (tenant, subject), as api owner.OwnerIds makes them: each part has its
-- '%' and '/' percent-encoded, and a tenant is joined to its subject by the only unencoded '/'. Before, tenant 'a/b'
-- with subject 'c' and tenant 'a' with subject 'b/c' were both 'a/b/c'.
--
-- Ids stored before are rewritten the same way. A deployment with a tenant claim (darkroom.auth.tenant-claim,
-- handed to this script as the placeholder tenantclaim) stored '<tenant>/<subject>': the first '/' is taken to
-- end the tenant, since tenants with a '/' were never told apart from their subjects. Without one, the whole id is
-- the subject. Ids without '%' or '/' (the common case, and every tenant/subject pair without either) do not change.
--
-- Object keys stay where they are: every image's keys are read from its row's original_key, which was derived
-- from the old id.
CREATE FUNCTION pg_temp.encoded_owner(old text, tenant_mode boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN tenant_mode AND strpos(old, '/') > 0 THEN
      replace(split_part(old, '/', 1), '%', '%25') || '/'
        || replace(replace(substr(old, strpos(old, '/') + 1), '%', '%25'), '/', '%2F')
    ELSE replace(replace(old, '%', '%25'), '/', '%2F')
  END
$$;

UPDATE images SET owner_id = pg_temp.encoded_owner(owner_id, '${tenantclaim}' <> '')
 WHERE owner_id <> pg_temp.encoded_owner(owner_id, '${tenantclaim}' <> '');
UPDATE collections SET owner_id = pg_temp.encoded_owner(owner_id, '${tenantclaim}' <> '')
 WHERE owner_id <> pg_temp.encoded_owner(owner_id, '${tenantclaim}' <> '');
