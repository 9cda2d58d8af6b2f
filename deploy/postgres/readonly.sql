-- A read-only PostgreSQL role for Portcullis in the Django app's database (README "Using your Django database").
-- Run as the owner of the Django tables, after `manage.py migrate`, in the app's database:
--
--   psql -d <app database> -v reader=portcullis_reader -v reader_password='...' -f deploy/postgres/readonly.sql
--
-- The gateway then reads with postgres://portcullis_reader:<password>@host:5432/<app database>. It only ever
-- SELECTs from these four tables; the role can do nothing else, and each of its sessions is read-only as well.
CREATE ROLE :"reader" LOGIN PASSWORD :'reader_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
ALTER ROLE :"reader" SET default_transaction_read_only = on;
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'reader') \gexec
GRANT USAGE ON SCHEMA public TO :"reader";
GRANT SELECT ON auth_user, auth_group, auth_user_groups TO :"reader";
-- DRF's tokens, where the app uses rest_framework.authtoken (leave out otherwise)
GRANT SELECT ON authtoken_token TO :"reader";
