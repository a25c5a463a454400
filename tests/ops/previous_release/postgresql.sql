--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: stored_event_uuid; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.stored_event_uuid AS (
	originator_id uuid,
	originator_version bigint,
	topic text,
	state bytea
);


--
-- Name: es_insert_events_uuid(public.stored_event_uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.es_insert_events_uuid(events public.stored_event_uuid[]) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$BEGIN    SET LOCAL lock_timeout = '0s';    NOTIFY "ducha_events";    RETURN QUERY    INSERT INTO "public"."ducha_events" AS t (    originator_id, originator_version, topic, state)    SELECT originator_id, originator_version, topic, state    FROM unnest(events)    RETURNING notification_id;END;$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_keys (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    key_hash character varying(64) NOT NULL,
    username character varying(64),
    rate_limit character varying(100) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: api_keys_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.api_keys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: api_keys_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.api_keys_id_seq OWNED BY public.api_keys.id;


--
-- Name: case_categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_categories (
    case_id uuid NOT NULL,
    category character varying(20) NOT NULL
);


--
-- Name: case_rows; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_rows (
    case_id uuid NOT NULL,
    reference character varying(40) NOT NULL,
    external_ref character varying(100),
    title character varying(200) NOT NULL,
    description text NOT NULL,
    origin character varying(40) NOT NULL,
    categories character varying(200) NOT NULL,
    district_id character varying(100) NOT NULL,
    township_id character varying(100),
    address character varying(300) NOT NULL,
    lat double precision,
    lon double precision,
    enterprise_name character varying(200),
    responsible_unit character varying(100),
    status character varying(40) NOT NULL,
    round integer NOT NULL,
    deadline date,
    clock_running boolean NOT NULL,
    plan_status character varying(20),
    extension_pending boolean NOT NULL,
    open_objections integer NOT NULL,
    signed_off boolean NOT NULL,
    notice_ends_on date,
    accountability_open integer NOT NULL,
    linked_complaints integer NOT NULL,
    parent_id uuid,
    children integer NOT NULL,
    substantiated boolean,
    typical_case boolean NOT NULL,
    feedback_not_fixed integer NOT NULL,
    version integer NOT NULL,
    reported_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    transferred_at timestamp with time zone,
    first_closed_at timestamp with time zone,
    closed_at timestamp with time zone,
    closed_on_time boolean,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: complainant_contact_reads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.complainant_contact_reads (
    id integer NOT NULL,
    case_id uuid NOT NULL,
    reader_user_id character varying(100) NOT NULL,
    reader_unit_id character varying(100) NOT NULL,
    purpose character varying(200) NOT NULL,
    read_at timestamp with time zone NOT NULL
);


--
-- Name: complainant_contact_reads_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.complainant_contact_reads_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: complainant_contact_reads_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.complainant_contact_reads_id_seq OWNED BY public.complainant_contact_reads.id;


--
-- Name: complainant_contacts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.complainant_contacts (
    id integer NOT NULL,
    case_id uuid NOT NULL,
    name character varying(100),
    phone character varying(40),
    email character varying(200),
    id_number character varying(40),
    address character varying(300),
    ip character varying(64),
    created_at timestamp with time zone NOT NULL,
    erased_at timestamp with time zone
);


--
-- Name: complainant_contacts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.complainant_contacts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: complainant_contacts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.complainant_contacts_id_seq OWNED BY public.complainant_contacts.id;


--
-- Name: ducha_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ducha_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigint NOT NULL
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: ducha_events_notification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.ducha_events_notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ducha_events_notification_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.ducha_events_notification_id_seq OWNED BY public.ducha_events.notification_id;


--
-- Name: ducha_meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ducha_meta (
    key character varying(100) NOT NULL,
    value character varying(500) NOT NULL,
    set_at timestamp with time zone NOT NULL
);


--
-- Name: ducha_snapshots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ducha_snapshots (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: flag_cases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_cases (
    case_id uuid NOT NULL,
    version integer NOT NULL,
    reference character varying(40) NOT NULL,
    district_id character varying(64) NOT NULL,
    unit_id character varying(64)
);


--
-- Name: flag_claim_index; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_claim_index (
    case_id uuid NOT NULL,
    version integer NOT NULL,
    at timestamp with time zone NOT NULL,
    unit_id character varying(64) NOT NULL
);


--
-- Name: flag_closing_index; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_closing_index (
    case_id uuid NOT NULL,
    version integer NOT NULL,
    reference character varying(40) NOT NULL,
    at timestamp with time zone NOT NULL,
    categories character varying(200) NOT NULL,
    lat double precision,
    lon double precision,
    enterprise_code character varying(18)
);


--
-- Name: flag_photo_index; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_photo_index (
    key character varying(80) NOT NULL,
    case_id uuid NOT NULL,
    version integer NOT NULL,
    at timestamp with time zone NOT NULL,
    sha256 character varying(64) NOT NULL,
    phash character varying(32)
);


--
-- Name: flag_report_index; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_report_index (
    case_id uuid NOT NULL,
    version integer NOT NULL,
    reference character varying(40) NOT NULL,
    at timestamp with time zone NOT NULL,
    categories character varying(200) NOT NULL,
    lat double precision,
    lon double precision,
    enterprise_code character varying(18)
);


--
-- Name: flag_reviews; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_reviews (
    flag_id character varying(24) NOT NULL,
    version integer NOT NULL,
    review_id uuid NOT NULL,
    case_id uuid NOT NULL,
    decision character varying(16) NOT NULL,
    reason text NOT NULL,
    reviewer character varying(100) NOT NULL,
    reviewed_at timestamp with time zone NOT NULL
);


--
-- Name: flag_text_index; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flag_text_index (
    key character varying(120) NOT NULL,
    case_id uuid NOT NULL,
    version integer NOT NULL,
    at timestamp with time zone NOT NULL,
    unit_id character varying(64) NOT NULL,
    signature text NOT NULL
);


--
-- Name: integrity_flags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.integrity_flags (
    flag_id character varying(24) NOT NULL,
    case_id uuid NOT NULL,
    reference character varying(40) NOT NULL,
    rule character varying(4) NOT NULL,
    severity character varying(8) NOT NULL,
    explanation text NOT NULL,
    template text,
    params text,
    cited text NOT NULL,
    raised_at timestamp with time zone NOT NULL,
    month character varying(7) NOT NULL,
    district_id character varying(64) NOT NULL,
    unit_id character varying(64),
    proposal character varying(16)
);


--
-- Name: ledger_checkpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ledger_checkpoints (
    id integer NOT NULL,
    tree_size bigint NOT NULL,
    root bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    note text NOT NULL,
    file_name character varying(200) NOT NULL
);


--
-- Name: ledger_checkpoints_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.ledger_checkpoints_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ledger_checkpoints_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.ledger_checkpoints_id_seq OWNED BY public.ledger_checkpoints.id;


--
-- Name: ledger_leaves; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ledger_leaves (
    leaf_index bigint NOT NULL,
    notification_id bigint NOT NULL,
    case_id uuid NOT NULL,
    version integer NOT NULL,
    leaf_hash bytea NOT NULL
);


--
-- Name: ledger_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ledger_state (
    id integer NOT NULL,
    tree_size bigint NOT NULL,
    frontier bytea NOT NULL,
    last_notification_id bigint NOT NULL
);


--
-- Name: monitoring_readings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.monitoring_readings (
    id integer NOT NULL,
    case_id uuid NOT NULL,
    station character varying(200) NOT NULL,
    metric character varying(100) NOT NULL,
    measured_at timestamp with time zone NOT NULL,
    value double precision NOT NULL,
    limit_value double precision NOT NULL,
    imported_at timestamp with time zone NOT NULL
);


--
-- Name: monitoring_readings_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.monitoring_readings_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: monitoring_readings_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.monitoring_readings_id_seq OWNED BY public.monitoring_readings.id;


--
-- Name: notification_cases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_cases (
    case_id uuid NOT NULL,
    reference character varying(40) NOT NULL
);


--
-- Name: notification_deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_deliveries (
    notification_id bigint NOT NULL,
    kind character varying(20) NOT NULL,
    contact_id integer NOT NULL,
    delivered_at timestamp with time zone NOT NULL,
    error text
);


--
-- Name: notification_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_outbox (
    id integer NOT NULL,
    case_id uuid NOT NULL,
    notification_id bigint NOT NULL,
    kind character varying(20) NOT NULL,
    reference character varying(40) NOT NULL,
    status character varying(40) NOT NULL,
    text_zh text NOT NULL,
    text_en text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    attempts integer NOT NULL,
    last_error text,
    next_attempt_at timestamp with time zone
);


--
-- Name: notification_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.notification_outbox_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: notification_outbox_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.notification_outbox_id_seq OWNED BY public.notification_outbox.id;


--
-- Name: notification_sent; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_sent (
    notification_id bigint NOT NULL,
    kind character varying(20) NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    attempts integer NOT NULL,
    last_error text
);


--
-- Name: projection_positions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projection_positions (
    name character varying(64) NOT NULL,
    "position" bigint NOT NULL,
    updated_at timestamp with time zone,
    error text,
    error_notification_id bigint,
    error_at timestamp with time zone
);


--
-- Name: public_cases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.public_cases (
    case_id uuid NOT NULL,
    reference character varying(40) NOT NULL,
    title character varying(200) NOT NULL,
    description text NOT NULL,
    categories character varying(200) NOT NULL,
    origin character varying(40) NOT NULL,
    district_id character varying(100) NOT NULL,
    township_id character varying(100),
    address character varying(300) NOT NULL,
    lat double precision,
    lon double precision,
    status character varying(40) NOT NULL,
    round integer NOT NULL,
    responsible_unit character varying(100),
    deadline date,
    notice_ends_on date,
    reported_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    typical_title character varying(200),
    typical_text text,
    typical_published_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: report_drafts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.report_drafts (
    token character varying(64) NOT NULL,
    payload text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: staff_accounts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff_accounts (
    id integer NOT NULL,
    username character varying(64) NOT NULL,
    display_name character varying(200) NOT NULL,
    password_hash character varying(200) NOT NULL,
    active boolean NOT NULL,
    failed_attempts integer NOT NULL,
    locked_until timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    password_changed_at timestamp with time zone NOT NULL
);


--
-- Name: staff_accounts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.staff_accounts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: staff_accounts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.staff_accounts_id_seq OWNED BY public.staff_accounts.id;


--
-- Name: staff_grant_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff_grant_history (
    id integer NOT NULL,
    grant_id integer NOT NULL,
    username character varying(64) NOT NULL,
    action character varying(10) NOT NULL,
    role character varying(20) NOT NULL,
    unit_id character varying(100) NOT NULL,
    by character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: staff_grant_history_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.staff_grant_history_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: staff_grant_history_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.staff_grant_history_id_seq OWNED BY public.staff_grant_history.id;


--
-- Name: staff_grants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff_grants (
    id integer NOT NULL,
    account_id integer NOT NULL,
    role character varying(20) NOT NULL,
    unit_id character varying(100) NOT NULL,
    granted_by character varying(64) NOT NULL,
    granted_at timestamp with time zone NOT NULL,
    revoked_by character varying(64),
    revoked_at timestamp with time zone
);


--
-- Name: staff_grants_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.staff_grants_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: staff_grants_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.staff_grants_id_seq OWNED BY public.staff_grants.id;


--
-- Name: timeline_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.timeline_entries (
    notification_id bigint NOT NULL,
    case_id uuid NOT NULL,
    version integer NOT NULL,
    event_type character varying(40) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    effective_date date,
    actor_user_id character varying(100) NOT NULL,
    actor_unit_id character varying(100) NOT NULL,
    actor_role character varying(20) NOT NULL,
    summary_zh text NOT NULL,
    summary_en text NOT NULL,
    is_public boolean NOT NULL,
    public_zh text,
    public_en text
);


--
-- Name: api_keys id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys ALTER COLUMN id SET DEFAULT nextval('public.api_keys_id_seq'::regclass);


--
-- Name: complainant_contact_reads id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complainant_contact_reads ALTER COLUMN id SET DEFAULT nextval('public.complainant_contact_reads_id_seq'::regclass);


--
-- Name: complainant_contacts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complainant_contacts ALTER COLUMN id SET DEFAULT nextval('public.complainant_contacts_id_seq'::regclass);


--
-- Name: ducha_events notification_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ducha_events ALTER COLUMN notification_id SET DEFAULT nextval('public.ducha_events_notification_id_seq'::regclass);


--
-- Name: ledger_checkpoints id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_checkpoints ALTER COLUMN id SET DEFAULT nextval('public.ledger_checkpoints_id_seq'::regclass);


--
-- Name: monitoring_readings id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.monitoring_readings ALTER COLUMN id SET DEFAULT nextval('public.monitoring_readings_id_seq'::regclass);


--
-- Name: notification_outbox id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox ALTER COLUMN id SET DEFAULT nextval('public.notification_outbox_id_seq'::regclass);


--
-- Name: staff_accounts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_accounts ALTER COLUMN id SET DEFAULT nextval('public.staff_accounts_id_seq'::regclass);


--
-- Name: staff_grant_history id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_grant_history ALTER COLUMN id SET DEFAULT nextval('public.staff_grant_history_id_seq'::regclass);


--
-- Name: staff_grants id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_grants ALTER COLUMN id SET DEFAULT nextval('public.staff_grants_id_seq'::regclass);


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.api_keys VALUES (1, 'city-hotline', 'f6568ae13901912314c06a977bf34363d8377aaebc3ab06cd0ae3d5aa8e24257', 'wang.intake', '120 per minute', '2026-12-05 10:12:01.816453+00', NULL);


--
-- Data for Name: case_categories; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.case_categories VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 'water');


--
-- Data for Name: case_rows; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.case_rows VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 'GZ-20261205-0001', NULL, '河道黑臭水体', '河道黑臭，夏季异味明显。', 'resident_complaint', 'water', 'jc.donghu', 'jc.donghu.hubin', '湖滨路 18 号', NULL, NULL, NULL, NULL, 'accepted', 1, '2027-02-03', true, NULL, false, 0, false, NULL, 0, 0, NULL, 0, NULL, false, 0, 2, '2026-12-05 10:12:01.994485+00', '2026-12-05 10:12:02.022144+00', NULL, NULL, NULL, NULL, '2026-12-05 10:12:02.022144+00');


--
-- Data for Name: complainant_contact_reads; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.complainant_contact_reads VALUES (1, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 'u-intake', 'jc', 'call back about the smell', '2026-12-05 10:12:02.027219+00');


--
-- Data for Name: complainant_contacts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.complainant_contacts VALUES (1, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', '李 居民', '13800000000', 'li@example.org', NULL, NULL, NULL, '2026-12-05 10:12:02.006378+00', NULL);


--
-- Data for Name: ducha_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ducha_events VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 1, 'core.domain.case:Case.Reported', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30355431303a31323a30312e3939343438352b30303a3030227d2c226f726967696e61746f725f746f706963223a22636f72652e646f6d61696e2e636173653a43617365222c226163746f72223a7b225f747970655f223a226163746f72222c225f646174615f223a7b22757365725f6964223a227075626c6963222c22756e69745f6964223a226a63222c22726f6c65223a227265736964656e74227d7d2c226566666563746976655f64617465223a6e756c6c2c227265666572656e6365223a22475a2d32303236313230352d30303031222c2265787465726e616c5f726566223a6e756c6c2c226f726967696e223a227265736964656e745f636f6d706c61696e74222c227469746c65223a22e6b2b3e98193e9bb91e887ade6b0b4e4bd93222c226465736372697074696f6e223a22e6b2b3e98193e9bb91e887adefbc8ce5a48fe5ada3e5bc82e591b3e6988ee698bee38082222c2263617465676f72696573223a5b227761746572225d2c22706c616365223a7b225f747970655f223a22706c616365222c225f646174615f223a7b2264697374726963745f6964223a226a632e646f6e676875222c22746f776e736869705f6964223a226a632e646f6e6768752e687562696e222c2261646472657373223a22e6b996e6bba8e8b7af20313820e58fb7222c226c6174223a6e756c6c2c226c6f6e223a6e756c6c2c22656e74657270726973655f6e616d65223a6e756c6c2c22656e74657270726973655f6372656469745f636f6465223a6e756c6c7d7d2c22706172656e745f6964223a6e756c6c2c22696e697469616c5f737461747573223a227265706f72746564222c22646561646c696e65223a7b225f747970655f223a22646174655f69736f222c225f646174615f223a22323032362d31322d3230227d2c22747261636b696e675f7365637265745f68617368223a2266333434343039363837643536313961633331613037356538633235326430346463343964383631363637373331386331383737623637326662356630653762227d', 1);
INSERT INTO public.ducha_events VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 2, 'core.domain.case:Case.Accepted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30355431303a31323a30322e3032323134342b30303a3030227d2c226163746f72223a7b225f747970655f223a226163746f72222c225f646174615f223a7b22757365725f6964223a22752d696e74616b65222c22756e69745f6964223a226a63222c22726f6c65223a22696e74616b65227d7d2c226566666563746976655f64617465223a6e756c6c2c22646561646c696e65223a7b225f747970655f223a22646174655f69736f222c225f646174615f223a22323032372d30322d3033227d7d', 2);


--
-- Data for Name: ducha_meta; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ducha_meta VALUES ('schema_version', '1', '2026-12-05 10:12:01.182308+00');


--
-- Data for Name: ducha_snapshots; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: flag_cases; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.flag_cases VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 2, 'GZ-20261205-0001', 'jc.donghu', NULL);


--
-- Data for Name: flag_claim_index; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: flag_closing_index; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: flag_photo_index; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: flag_report_index; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.flag_report_index VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 1, 'GZ-20261205-0001', '2026-12-05 10:12:01.994485+00', 'water', NULL, NULL, NULL);


--
-- Data for Name: flag_reviews; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: flag_text_index; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: integrity_flags; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: ledger_checkpoints; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ledger_checkpoints VALUES (1, 2, '\x9a4c38ff528316b8b929decec6db00c8743571cc35b1bac19c2e99ed0bf05416', '2026-12-05 10:12:02.230896+00', '127.0.0.1:8000/ledger
2
mkw4/1KDFri5Kd7OxtsAyHQ1ccw1sbrBnC6Z7QvwVBY=
time 2026-12-05T10:12:02.230896Z

— 127.0.0.1:8000/ledger ni41AmPdacgY1q3iayvt4WOiIPf5acEZ/BgOxcyM+aBgxq1dVQ+YfvyGw6sLaQHQ2KWM6HEnMOW1fyQlXY0ItQFbmAA=
', 'checkpoint-000000000002-20261205T101202230896Z.txt');
INSERT INTO public.ledger_checkpoints VALUES (2, 2, '\x9a4c38ff528316b8b929decec6db00c8743571cc35b1bac19c2e99ed0bf05416', '2026-12-05 10:12:02.314286+00', '127.0.0.1:8000/ledger
2
mkw4/1KDFri5Kd7OxtsAyHQ1ccw1sbrBnC6Z7QvwVBY=
time 2026-12-05T10:12:02.314286Z

— 127.0.0.1:8000/ledger ni41Ap8w1OqnUOzfRlv2yyDj4YIDmua0ZTU+tJu4XWRAGHVYIZnyuYe9b1zu7A40hmXxIy739vWn5U63RIY3AgRBTgY=
', 'checkpoint-000000000002-20261205T101202314286Z.txt');


--
-- Data for Name: ledger_leaves; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ledger_leaves VALUES (0, 1, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 1, '\x29d059bb2fa0ebd34f7eed8acbbc2f8008f27dc9ba5c98a4756bd3f416ac9b74');
INSERT INTO public.ledger_leaves VALUES (1, 2, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 2, '\xb9e3fa85bff88e2fd7ac42b262bf222a741013befe09980667cc02fd148ce0b1');


--
-- Data for Name: ledger_state; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ledger_state VALUES (1, 2, '\x9a4c38ff528316b8b929decec6db00c8743571cc35b1bac19c2e99ed0bf05416', 2);


--
-- Data for Name: monitoring_readings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.monitoring_readings VALUES (1, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', '湖滨断面', 'COD', '2026-10-01 00:00:00+00', 42.5, 40, '2026-12-05 10:12:02.047379+00');


--
-- Data for Name: notification_cases; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notification_cases VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 'GZ-20261205-0001');


--
-- Data for Name: notification_deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notification_deliveries VALUES (2, 'status', 1, '2026-12-05 10:12:02.053885+00', NULL);


--
-- Data for Name: notification_outbox; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notification_outbox VALUES (1, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 2, 'status', 'GZ-20261205-0001', 'accepted', '受理', 'Accepted', '2026-12-05 10:12:02.022144+00', '2026-12-05 10:12:02.051964+00', 1, NULL, NULL);


--
-- Data for Name: notification_sent; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notification_sent VALUES (2, 'status', '2026-12-05 10:12:02.051964+00', 1, NULL);


--
-- Data for Name: projection_positions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.projection_positions VALUES ('case_list', 2, '2026-12-05 10:12:02.187089+00', NULL, NULL, NULL);
INSERT INTO public.projection_positions VALUES ('timeline', 2, '2026-12-05 10:12:02.192683+00', NULL, NULL, NULL);
INSERT INTO public.projection_positions VALUES ('public_cases', 2, '2026-12-05 10:12:02.197514+00', NULL, NULL, NULL);
INSERT INTO public.projection_positions VALUES ('notifications', 2, '2026-12-05 10:12:02.20275+00', NULL, NULL, NULL);
INSERT INTO public.projection_positions VALUES ('integrity_flags', 2, '2026-12-05 10:12:02.213998+00', NULL, NULL, NULL);
INSERT INTO public.projection_positions VALUES ('ledger', 2, '2026-12-05 10:12:02.235116+00', NULL, NULL, NULL);


--
-- Data for Name: public_cases; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.public_cases VALUES ('428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 'GZ-20261205-0001', '河道黑臭水体', '河道黑臭，夏季异味明显。', 'water', 'resident_complaint', 'jc.donghu', 'jc.donghu.hubin', '湖滨路 18 号', NULL, NULL, 'accepted', 1, NULL, '2027-02-03', NULL, '2026-12-05 10:12:01.994485+00', NULL, NULL, NULL, NULL, '2026-12-05 10:12:02.022144+00');


--
-- Data for Name: report_drafts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.report_drafts VALUES ('Jneua1Sg2viZd4IjSJacA15wB8hZEF-bgwtD69d9VEQ', '{"title": "工地扬尘", "description": "夜间施工扬尘严重。"}', '2026-12-05 10:12:02.0328+00');


--
-- Data for Name: staff_accounts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.staff_accounts VALUES (1, 'wang.intake', '王 受理', '$argon2id$v=19$m=65536,t=3,p=4$pBxodeJVq3EHCXYB/8t9kw$CSwklV1GUC7zs2tj+AZPiSHGqniBb1AEoG7R4RwWSfg', true, 0, NULL, '2026-12-05 10:12:01.285096+00', '2026-12-05 10:12:01.285096+00');


--
-- Data for Name: staff_grant_history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.staff_grant_history VALUES (1, 1, 'wang.intake', 'granted', 'intake', 'jc', 'setup', '2026-12-05 10:12:01.617539+00');
INSERT INTO public.staff_grant_history VALUES (2, 2, 'wang.intake', 'granted', 'office', 'jc', 'setup', '2026-12-05 10:12:01.681886+00');
INSERT INTO public.staff_grant_history VALUES (3, 2, 'wang.intake', 'revoked', 'office', 'jc', 'setup', '2026-12-05 10:12:01.746553+00');


--
-- Data for Name: staff_grants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.staff_grants VALUES (1, 1, 'intake', 'jc', 'setup', '2026-12-05 10:12:01.617539+00', NULL, NULL);
INSERT INTO public.staff_grants VALUES (2, 1, 'office', 'jc', 'setup', '2026-12-05 10:12:01.681886+00', 'setup', '2026-12-05 10:12:01.746553+00');


--
-- Data for Name: timeline_entries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.timeline_entries VALUES (1, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 1, 'Reported', '2026-12-05 10:12:01.994485+00', NULL, 'public', 'jc', 'resident', '登记问题：河道黑臭水体', 'Reported: 河道黑臭水体', true, '登记问题：河道黑臭水体', 'Reported: 河道黑臭水体');
INSERT INTO public.timeline_entries VALUES (2, '428bdfc1-3ecd-5d2d-8e1d-aa212f015c84', 2, 'Accepted', '2026-12-05 10:12:02.022144+00', NULL, 'u-intake', 'jc', 'intake', '受理', 'Accepted', true, '受理', 'Accepted');


--
-- Name: api_keys_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_keys_id_seq', 1, true);


--
-- Name: complainant_contact_reads_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.complainant_contact_reads_id_seq', 1, true);


--
-- Name: complainant_contacts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.complainant_contacts_id_seq', 1, true);


--
-- Name: ducha_events_notification_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.ducha_events_notification_id_seq', 2, true);


--
-- Name: ledger_checkpoints_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.ledger_checkpoints_id_seq', 2, true);


--
-- Name: monitoring_readings_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.monitoring_readings_id_seq', 1, true);


--
-- Name: notification_outbox_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.notification_outbox_id_seq', 1, true);


--
-- Name: staff_accounts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.staff_accounts_id_seq', 1, true);


--
-- Name: staff_grant_history_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.staff_grant_history_id_seq', 3, true);


--
-- Name: staff_grants_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.staff_grants_id_seq', 2, true);


--
-- Name: api_keys api_keys_key_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash);


--
-- Name: api_keys api_keys_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_name_key UNIQUE (name);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: case_categories case_categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_categories
    ADD CONSTRAINT case_categories_pkey PRIMARY KEY (case_id, category);


--
-- Name: case_rows case_rows_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_rows
    ADD CONSTRAINT case_rows_pkey PRIMARY KEY (case_id);


--
-- Name: case_rows case_rows_reference_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_rows
    ADD CONSTRAINT case_rows_reference_key UNIQUE (reference);


--
-- Name: complainant_contact_reads complainant_contact_reads_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complainant_contact_reads
    ADD CONSTRAINT complainant_contact_reads_pkey PRIMARY KEY (id);


--
-- Name: complainant_contacts complainant_contacts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complainant_contacts
    ADD CONSTRAINT complainant_contacts_pkey PRIMARY KEY (id);


--
-- Name: ducha_events ducha_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ducha_events
    ADD CONSTRAINT ducha_events_pkey PRIMARY KEY (originator_id, originator_version);


--
-- Name: ducha_meta ducha_meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ducha_meta
    ADD CONSTRAINT ducha_meta_pkey PRIMARY KEY (key);


--
-- Name: ducha_snapshots ducha_snapshots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ducha_snapshots
    ADD CONSTRAINT ducha_snapshots_pkey PRIMARY KEY (originator_id, originator_version);


--
-- Name: flag_cases flag_cases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.flag_cases
    ADD CONSTRAINT flag_cases_pkey PRIMARY KEY (case_id);


--
-- Name: flag_reviews flag_reviews_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.flag_reviews
    ADD CONSTRAINT flag_reviews_pkey PRIMARY KEY (flag_id, version);


--
-- Name: integrity_flags integrity_flags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.integrity_flags
    ADD CONSTRAINT integrity_flags_pkey PRIMARY KEY (flag_id);


--
-- Name: ledger_checkpoints ledger_checkpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_checkpoints
    ADD CONSTRAINT ledger_checkpoints_pkey PRIMARY KEY (id);


--
-- Name: ledger_leaves ledger_leaves_notification_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_leaves
    ADD CONSTRAINT ledger_leaves_notification_id_key UNIQUE (notification_id);


--
-- Name: ledger_leaves ledger_leaves_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_leaves
    ADD CONSTRAINT ledger_leaves_pkey PRIMARY KEY (leaf_index);


--
-- Name: ledger_state ledger_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_state
    ADD CONSTRAINT ledger_state_pkey PRIMARY KEY (id);


--
-- Name: monitoring_readings monitoring_readings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.monitoring_readings
    ADD CONSTRAINT monitoring_readings_pkey PRIMARY KEY (id);


--
-- Name: notification_cases notification_cases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_cases
    ADD CONSTRAINT notification_cases_pkey PRIMARY KEY (case_id);


--
-- Name: notification_deliveries notification_deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_deliveries
    ADD CONSTRAINT notification_deliveries_pkey PRIMARY KEY (notification_id, kind, contact_id);


--
-- Name: notification_outbox notification_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_pkey PRIMARY KEY (id);


--
-- Name: notification_sent notification_sent_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_sent
    ADD CONSTRAINT notification_sent_pkey PRIMARY KEY (notification_id, kind);


--
-- Name: projection_positions projection_positions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projection_positions
    ADD CONSTRAINT projection_positions_pkey PRIMARY KEY (name);


--
-- Name: public_cases public_cases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.public_cases
    ADD CONSTRAINT public_cases_pkey PRIMARY KEY (case_id);


--
-- Name: public_cases public_cases_reference_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.public_cases
    ADD CONSTRAINT public_cases_reference_key UNIQUE (reference);


--
-- Name: report_drafts report_drafts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report_drafts
    ADD CONSTRAINT report_drafts_pkey PRIMARY KEY (token);


--
-- Name: staff_accounts staff_accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_accounts
    ADD CONSTRAINT staff_accounts_pkey PRIMARY KEY (id);


--
-- Name: staff_accounts staff_accounts_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_accounts
    ADD CONSTRAINT staff_accounts_username_key UNIQUE (username);


--
-- Name: staff_grant_history staff_grant_history_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_grant_history
    ADD CONSTRAINT staff_grant_history_pkey PRIMARY KEY (id);


--
-- Name: staff_grants staff_grants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_grants
    ADD CONSTRAINT staff_grants_pkey PRIMARY KEY (id);


--
-- Name: timeline_entries timeline_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.timeline_entries
    ADD CONSTRAINT timeline_entries_pkey PRIMARY KEY (notification_id);


--
-- Name: monitoring_readings uq_monitoring_reading; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.monitoring_readings
    ADD CONSTRAINT uq_monitoring_reading UNIQUE (case_id, station, metric, measured_at);


--
-- Name: notification_outbox uq_notification_outbox_event; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT uq_notification_outbox_event UNIQUE (notification_id, kind);


--
-- Name: ducha_events_notification_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ducha_events_notification_id_idx ON public.ducha_events USING btree (notification_id);


--
-- Name: ix_case_categories_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_categories_category ON public.case_categories USING btree (category);


--
-- Name: ix_case_rows_deadline_running; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_deadline_running ON public.case_rows USING btree (clock_running, deadline);


--
-- Name: ix_case_rows_description_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_description_trgm ON public.case_rows USING gin (description public.gin_trgm_ops);


--
-- Name: ix_case_rows_district_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_district_id ON public.case_rows USING btree (district_id);


--
-- Name: ix_case_rows_origin; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_origin ON public.case_rows USING btree (origin);


--
-- Name: ix_case_rows_parent_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_parent_id ON public.case_rows USING btree (parent_id);


--
-- Name: ix_case_rows_reference_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_reference_trgm ON public.case_rows USING gin (reference public.gin_trgm_ops);


--
-- Name: ix_case_rows_responsible_unit; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_responsible_unit ON public.case_rows USING btree (responsible_unit);


--
-- Name: ix_case_rows_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_status ON public.case_rows USING btree (status);


--
-- Name: ix_case_rows_title_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_title_trgm ON public.case_rows USING gin (title public.gin_trgm_ops);


--
-- Name: ix_case_rows_township_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_township_id ON public.case_rows USING btree (township_id);


--
-- Name: ix_case_rows_updated_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_rows_updated_at ON public.case_rows USING btree (updated_at);


--
-- Name: ix_complainant_contact_reads_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complainant_contact_reads_case_id ON public.complainant_contact_reads USING btree (case_id);


--
-- Name: ix_complainant_contacts_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complainant_contacts_case_id ON public.complainant_contacts USING btree (case_id);


--
-- Name: ix_flag_claim_index_unit_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_claim_index_unit_at ON public.flag_claim_index USING btree (unit_id, at);


--
-- Name: ix_flag_closing_index_enterprise; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_closing_index_enterprise ON public.flag_closing_index USING btree (enterprise_code);


--
-- Name: ix_flag_closing_index_lat; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_closing_index_lat ON public.flag_closing_index USING btree (lat);


--
-- Name: ix_flag_photo_index_key_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_photo_index_key_at ON public.flag_photo_index USING btree (key, at);


--
-- Name: ix_flag_report_index_enterprise; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_report_index_enterprise ON public.flag_report_index USING btree (enterprise_code);


--
-- Name: ix_flag_report_index_lat; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_report_index_lat ON public.flag_report_index USING btree (lat);


--
-- Name: ix_flag_reviews_review_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_reviews_review_id ON public.flag_reviews USING btree (review_id);


--
-- Name: ix_flag_text_index_key_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_flag_text_index_key_at ON public.flag_text_index USING btree (key, at);


--
-- Name: ix_integrity_flags_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_integrity_flags_case_id ON public.integrity_flags USING btree (case_id);


--
-- Name: ix_integrity_flags_rule; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_integrity_flags_rule ON public.integrity_flags USING btree (rule);


--
-- Name: ix_ledger_leaves_case; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_leaves_case ON public.ledger_leaves USING btree (case_id, version);


--
-- Name: ix_monitoring_readings_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_monitoring_readings_case_id ON public.monitoring_readings USING btree (case_id);


--
-- Name: ix_notification_outbox_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notification_outbox_case_id ON public.notification_outbox USING btree (case_id);


--
-- Name: ix_notification_outbox_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notification_outbox_pending ON public.notification_outbox USING btree (sent_at, id);


--
-- Name: ix_public_cases_district_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_public_cases_district_id ON public.public_cases USING btree (district_id);


--
-- Name: ix_public_cases_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_public_cases_status ON public.public_cases USING btree (status);


--
-- Name: ix_public_cases_typical_published_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_public_cases_typical_published_at ON public.public_cases USING btree (typical_published_at);


--
-- Name: ix_public_cases_updated_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_public_cases_updated_at ON public.public_cases USING btree (updated_at);


--
-- Name: ix_report_drafts_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_report_drafts_created_at ON public.report_drafts USING btree (created_at);


--
-- Name: ix_staff_grants_account_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_staff_grants_account_id ON public.staff_grants USING btree (account_id);


--
-- Name: ix_timeline_case_version; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_timeline_case_version ON public.timeline_entries USING btree (case_id, version);


--
-- Name: uq_staff_grants_active; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uq_staff_grants_active ON public.staff_grants USING btree (account_id, role, unit_id) WHERE (revoked_at IS NULL);


--
-- Name: staff_grant_history staff_grant_history_grant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_grant_history
    ADD CONSTRAINT staff_grant_history_grant_id_fkey FOREIGN KEY (grant_id) REFERENCES public.staff_grants(id);


--
-- Name: staff_grants staff_grants_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_grants
    ADD CONSTRAINT staff_grants_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.staff_accounts(id);


--
-- PostgreSQL database dump complete
--


