PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE complainant_contacts (
	id INTEGER NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	name VARCHAR(100), 
	phone VARCHAR(40), 
	email VARCHAR(200), 
	id_number VARCHAR(40), 
	address VARCHAR(300), 
	ip VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	erased_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO complainant_contacts VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','李 居民','13800000000','li@example.org',NULL,NULL,NULL,'2026-12-05 10:11:58.423040',NULL);
CREATE TABLE complainant_contact_reads (
	id INTEGER NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	reader_user_id VARCHAR(100) NOT NULL, 
	reader_unit_id VARCHAR(100) NOT NULL, 
	purpose VARCHAR(200) NOT NULL, 
	read_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO complainant_contact_reads VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','u-intake','jc','call back about the smell','2026-12-05 10:11:58.427026');
CREATE TABLE projection_positions (
	name VARCHAR(64) NOT NULL, 
	position BIGINT NOT NULL, 
	updated_at DATETIME, 
	error TEXT, 
	error_notification_id BIGINT, 
	error_at DATETIME, 
	PRIMARY KEY (name)
);
INSERT INTO projection_positions(rowid,name,position,updated_at,error,error_notification_id,error_at) VALUES(1,'case_list',2,'2026-12-05 10:11:58.467961',NULL,NULL,NULL);
INSERT INTO projection_positions(rowid,name,position,updated_at,error,error_notification_id,error_at) VALUES(2,'timeline',2,'2026-12-05 10:11:58.469415',NULL,NULL,NULL);
INSERT INTO projection_positions(rowid,name,position,updated_at,error,error_notification_id,error_at) VALUES(3,'public_cases',2,'2026-12-05 10:11:58.471182',NULL,NULL,NULL);
INSERT INTO projection_positions(rowid,name,position,updated_at,error,error_notification_id,error_at) VALUES(4,'notifications',2,'2026-12-05 10:11:58.472800',NULL,NULL,NULL);
INSERT INTO projection_positions(rowid,name,position,updated_at,error,error_notification_id,error_at) VALUES(5,'integrity_flags',2,'2026-12-05 10:11:58.475831',NULL,NULL,NULL);
INSERT INTO projection_positions(rowid,name,position,updated_at,error,error_notification_id,error_at) VALUES(6,'ledger',2,'2026-12-05 10:11:58.479413',NULL,NULL,NULL);
CREATE TABLE case_rows (
	case_id CHAR(32) NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	external_ref VARCHAR(100), 
	title VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	origin VARCHAR(40) NOT NULL, 
	categories VARCHAR(200) NOT NULL, 
	district_id VARCHAR(100) NOT NULL, 
	township_id VARCHAR(100), 
	address VARCHAR(300) NOT NULL, 
	lat FLOAT, 
	lon FLOAT, 
	enterprise_name VARCHAR(200), 
	responsible_unit VARCHAR(100), 
	status VARCHAR(40) NOT NULL, 
	round INTEGER NOT NULL, 
	deadline DATE, 
	clock_running BOOLEAN NOT NULL, 
	plan_status VARCHAR(20), 
	extension_pending BOOLEAN NOT NULL, 
	open_objections INTEGER NOT NULL, 
	signed_off BOOLEAN NOT NULL, 
	notice_ends_on DATE, 
	accountability_open INTEGER NOT NULL, 
	linked_complaints INTEGER NOT NULL, 
	parent_id CHAR(32), 
	children INTEGER NOT NULL, 
	substantiated BOOLEAN, 
	typical_case BOOLEAN NOT NULL, 
	feedback_not_fixed INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	reported_at DATETIME NOT NULL, 
	accepted_at DATETIME, 
	transferred_at DATETIME, 
	first_closed_at DATETIME, 
	closed_at DATETIME, 
	closed_on_time BOOLEAN, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (case_id), 
	UNIQUE (reference)
);
INSERT INTO case_rows(rowid,case_id,reference,external_ref,title,description,origin,categories,district_id,township_id,address,lat,lon,enterprise_name,responsible_unit,status,round,deadline,clock_running,plan_status,extension_pending,open_objections,signed_off,notice_ends_on,accountability_open,linked_complaints,parent_id,children,substantiated,typical_case,feedback_not_fixed,version,reported_at,accepted_at,transferred_at,first_closed_at,closed_at,closed_on_time,updated_at) VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','GZ-20261205-0001',NULL,'河道黑臭水体','河道黑臭，夏季异味明显。','resident_complaint','water','jc.donghu','jc.donghu.hubin','湖滨路 18 号',NULL,NULL,NULL,NULL,'accepted',1,'2027-02-03',1,NULL,0,0,0,NULL,0,0,NULL,0,NULL,0,0,2,'2026-12-05 10:11:58.422300','2026-12-05 10:11:58.426067',NULL,NULL,NULL,NULL,'2026-12-05 10:11:58.426067');
CREATE TABLE case_categories (
	case_id CHAR(32) NOT NULL, 
	category VARCHAR(20) NOT NULL, 
	PRIMARY KEY (case_id, category)
);
INSERT INTO case_categories(rowid,case_id,category) VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','water');
CREATE TABLE public_cases (
	case_id CHAR(32) NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	categories VARCHAR(200) NOT NULL, 
	origin VARCHAR(40) NOT NULL, 
	district_id VARCHAR(100) NOT NULL, 
	township_id VARCHAR(100), 
	address VARCHAR(300) NOT NULL, 
	lat FLOAT, 
	lon FLOAT, 
	status VARCHAR(40) NOT NULL, 
	round INTEGER NOT NULL, 
	responsible_unit VARCHAR(100), 
	deadline DATE, 
	notice_ends_on DATE, 
	reported_at DATETIME NOT NULL, 
	closed_at DATETIME, 
	typical_title VARCHAR(200), 
	typical_text TEXT, 
	typical_published_at DATETIME, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (case_id), 
	UNIQUE (reference)
);
INSERT INTO public_cases(rowid,case_id,reference,title,description,categories,origin,district_id,township_id,address,lat,lon,status,round,responsible_unit,deadline,notice_ends_on,reported_at,closed_at,typical_title,typical_text,typical_published_at,updated_at) VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','GZ-20261205-0001','河道黑臭水体','河道黑臭，夏季异味明显。','water','resident_complaint','jc.donghu','jc.donghu.hubin','湖滨路 18 号',NULL,NULL,'accepted',1,NULL,'2027-02-03',NULL,'2026-12-05 10:11:58.422300',NULL,NULL,NULL,NULL,'2026-12-05 10:11:58.426067');
CREATE TABLE timeline_entries (
	notification_id BIGINT NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	event_type VARCHAR(40) NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	effective_date DATE, 
	actor_user_id VARCHAR(100) NOT NULL, 
	actor_unit_id VARCHAR(100) NOT NULL, 
	actor_role VARCHAR(20) NOT NULL, 
	summary_zh TEXT NOT NULL, 
	summary_en TEXT NOT NULL, 
	is_public BOOLEAN NOT NULL, 
	public_zh TEXT, 
	public_en TEXT, 
	PRIMARY KEY (notification_id)
);
INSERT INTO timeline_entries(rowid,notification_id,case_id,version,event_type,recorded_at,effective_date,actor_user_id,actor_unit_id,actor_role,summary_zh,summary_en,is_public,public_zh,public_en) VALUES(1,1,'428bdfc13ecd5d2d8e1daa212f015c84',1,'Reported','2026-12-05 10:11:58.422300',NULL,'public','jc','resident','登记问题：河道黑臭水体','Reported: 河道黑臭水体',1,'登记问题：河道黑臭水体','Reported: 河道黑臭水体');
INSERT INTO timeline_entries(rowid,notification_id,case_id,version,event_type,recorded_at,effective_date,actor_user_id,actor_unit_id,actor_role,summary_zh,summary_en,is_public,public_zh,public_en) VALUES(2,2,'428bdfc13ecd5d2d8e1daa212f015c84',2,'Accepted','2026-12-05 10:11:58.426067',NULL,'u-intake','jc','intake','受理','Accepted',1,'受理','Accepted');
CREATE TABLE api_keys (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	key_hash VARCHAR(64) NOT NULL, 
	username VARCHAR(64), 
	rate_limit VARCHAR(100) NOT NULL, 
	created_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	UNIQUE (key_hash)
);
INSERT INTO api_keys VALUES(1,'city-hotline','b205f8a8005c65aa7fbbf235ff30d2647754c771bbd88f9167fda42f6b105919','wang.intake','120 per minute','2026-12-05 10:11:58.366190',NULL);
CREATE TABLE report_drafts (
	token VARCHAR(64) NOT NULL, 
	payload TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (token)
);
INSERT INTO report_drafts(rowid,token,payload,created_at) VALUES(1,'sNNYimehxANhEF21PP3sp36sInDqGhFNelANnsgfBEM','{"title": "工地扬尘", "description": "夜间施工扬尘严重。"}','2026-12-05 10:11:58.428248');
CREATE TABLE notification_outbox (
	id INTEGER NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	notification_id BIGINT NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	status VARCHAR(40) NOT NULL, 
	text_zh TEXT NOT NULL, 
	text_en TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	next_attempt_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_notification_outbox_event UNIQUE (notification_id, kind)
);
INSERT INTO notification_outbox VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84',2,'status','GZ-20261205-0001','accepted','受理','Accepted','2026-12-05 10:11:58.426067','2026-12-05 10:11:58.430413',1,NULL,NULL);
CREATE TABLE notification_cases (
	case_id CHAR(32) NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	PRIMARY KEY (case_id)
);
INSERT INTO notification_cases(rowid,case_id,reference) VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','GZ-20261205-0001');
CREATE TABLE notification_sent (
	notification_id BIGINT NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	sent_at DATETIME NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	PRIMARY KEY (notification_id, kind)
);
INSERT INTO notification_sent(rowid,notification_id,kind,sent_at,attempts,last_error) VALUES(1,2,'status','2026-12-05 10:11:58.430413',1,NULL);
CREATE TABLE notification_deliveries (
	notification_id BIGINT NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	contact_id INTEGER NOT NULL, 
	delivered_at DATETIME NOT NULL, 
	error TEXT, 
	PRIMARY KEY (notification_id, kind, contact_id)
);
INSERT INTO notification_deliveries(rowid,notification_id,kind,contact_id,delivered_at,error) VALUES(1,2,'status',1,'2026-12-05 10:11:58.431303',NULL);
CREATE TABLE integrity_flags (
	flag_id VARCHAR(24) NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	rule VARCHAR(4) NOT NULL, 
	severity VARCHAR(8) NOT NULL, 
	explanation TEXT NOT NULL, 
	template TEXT, 
	params TEXT, 
	cited TEXT NOT NULL, 
	raised_at DATETIME NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	district_id VARCHAR(64) NOT NULL, 
	unit_id VARCHAR(64), 
	proposal VARCHAR(16), 
	PRIMARY KEY (flag_id)
);
CREATE TABLE flag_cases (
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	district_id VARCHAR(64) NOT NULL, 
	unit_id VARCHAR(64), 
	PRIMARY KEY (case_id)
);
INSERT INTO flag_cases(rowid,case_id,version,reference,district_id,unit_id) VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84',2,'GZ-20261205-0001','jc.donghu',NULL);
CREATE TABLE flag_reviews (
	flag_id VARCHAR(24) NOT NULL, 
	version INTEGER NOT NULL, 
	review_id CHAR(32) NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	decision VARCHAR(16) NOT NULL, 
	reason TEXT NOT NULL, 
	reviewer VARCHAR(100) NOT NULL, 
	reviewed_at DATETIME NOT NULL, 
	PRIMARY KEY (flag_id, version)
);
CREATE TABLE flag_photo_index (
	"key" VARCHAR(80) NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	phash VARCHAR(32)
);
CREATE TABLE flag_text_index (
	"key" VARCHAR(120) NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	unit_id VARCHAR(64) NOT NULL, 
	signature TEXT NOT NULL
);
CREATE TABLE flag_report_index (
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	at DATETIME NOT NULL, 
	categories VARCHAR(200) NOT NULL, 
	lat FLOAT, 
	lon FLOAT, 
	enterprise_code VARCHAR(18)
);
INSERT INTO flag_report_index(rowid,case_id,version,reference,at,categories,lat,lon,enterprise_code) VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84',1,'GZ-20261205-0001','2026-12-05 10:11:58.422300','water',NULL,NULL,NULL);
CREATE TABLE flag_closing_index (
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	reference VARCHAR(40) NOT NULL, 
	at DATETIME NOT NULL, 
	categories VARCHAR(200) NOT NULL, 
	lat FLOAT, 
	lon FLOAT, 
	enterprise_code VARCHAR(18)
);
CREATE TABLE flag_claim_index (
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	unit_id VARCHAR(64) NOT NULL
);
CREATE TABLE monitoring_readings (
	id INTEGER NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	station VARCHAR(200) NOT NULL, 
	metric VARCHAR(100) NOT NULL, 
	measured_at DATETIME NOT NULL, 
	value FLOAT NOT NULL, 
	limit_value FLOAT NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_monitoring_reading UNIQUE (case_id, station, metric, measured_at)
);
INSERT INTO monitoring_readings VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','湖滨断面','COD','2026-10-01 00:00:00.000000',42.5,40.0,'2026-12-05 10:11:58.429170');
CREATE TABLE ledger_leaves (
	leaf_index BIGINT NOT NULL, 
	notification_id BIGINT NOT NULL, 
	case_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	leaf_hash BLOB NOT NULL, 
	PRIMARY KEY (leaf_index), 
	UNIQUE (notification_id)
);
INSERT INTO ledger_leaves(rowid,leaf_index,notification_id,case_id,version,leaf_hash) VALUES(1,0,1,'428bdfc13ecd5d2d8e1daa212f015c84',1,X'b859c5c7aa55c4fd1951400a5fd4227c663ef8c97652615271659b8e53f3a2cd');
INSERT INTO ledger_leaves(rowid,leaf_index,notification_id,case_id,version,leaf_hash) VALUES(2,1,2,'428bdfc13ecd5d2d8e1daa212f015c84',2,X'3a16b681ce36494bcff34ac739055c16bec0494c48ddde7acdae3987485536d5');
CREATE TABLE ledger_state (
	id INTEGER NOT NULL, 
	tree_size BIGINT NOT NULL, 
	frontier BLOB NOT NULL, 
	last_notification_id BIGINT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO ledger_state VALUES(1,2,X'2162e081359755b71dcd7809f61df9032a3385cd180c819e86df361fd9d0f12c',2);
CREATE TABLE ledger_checkpoints (
	id INTEGER NOT NULL, 
	tree_size BIGINT NOT NULL, 
	root BLOB NOT NULL, 
	created_at DATETIME NOT NULL, 
	note TEXT NOT NULL, 
	file_name VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO ledger_checkpoints VALUES(1,2,X'2162e081359755b71dcd7809f61df9032a3385cd180c819e86df361fd9d0f12c','2026-12-05 10:11:58.478122',replace('127.0.0.1:8000/ledger\n2\nIWLggTWXVbcdzXgJ9h35Ayozhc0YDIGeht82H9nQ8Sw=\ntime 2026-12-05T10:11:58.478122Z\n\n— 127.0.0.1:8000/ledger 9S0QNOjkDD/6jUbbyQ7H4wbOLcaHd69I9/9TZKH7gXqYiwnXRtg8aylGlebAB+FqQCU4xPb2B8qYg4+FTMKSNpbtQwc=\n','\n',char(10)),'checkpoint-000000000002-20261205T101158478122Z.txt');
INSERT INTO ledger_checkpoints VALUES(2,2,X'2162e081359755b71dcd7809f61df9032a3385cd180c819e86df361fd9d0f12c','2026-12-05 10:11:58.509111',replace('127.0.0.1:8000/ledger\n2\nIWLggTWXVbcdzXgJ9h35Ayozhc0YDIGeht82H9nQ8Sw=\ntime 2026-12-05T10:11:58.509111Z\n\n— 127.0.0.1:8000/ledger 9S0QNDYtIoSE+gFcuEWnJhaYNAAgNmnq7oahnfpfBqKIgxKihZ9XJRlC5uoQXd0rlCDhvFF4dWWmN8Fox+xmO7Q+2QM=\n','\n',char(10)),'checkpoint-000000000002-20261205T101158509111Z.txt');
CREATE TABLE staff_accounts (
	id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	display_name VARCHAR(200) NOT NULL, 
	password_hash VARCHAR(200) NOT NULL, 
	active BOOLEAN NOT NULL, 
	failed_attempts INTEGER NOT NULL, 
	locked_until DATETIME, 
	created_at DATETIME NOT NULL, 
	password_changed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (username)
);
INSERT INTO staff_accounts VALUES(1,'wang.intake','王 受理','$argon2id$v=19$m=65536,t=3,p=4$3M8QtaAkekglD7mYfMn3Yg$GO0BlhMLggNEVRWzn1+C8w9iMaEEkkc1J3C52dSXsco',1,0,NULL,'2026-12-05 10:11:58.046274','2026-12-05 10:11:58.046274');
CREATE TABLE ducha_meta (
	"key" VARCHAR(100) NOT NULL, 
	value VARCHAR(500) NOT NULL, 
	set_at DATETIME NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO ducha_meta(rowid,"key",value,set_at) VALUES(1,'schema_version','1','2026-12-05 10:11:57.984456');
CREATE TABLE staff_grants (
	id INTEGER NOT NULL, 
	account_id INTEGER NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	unit_id VARCHAR(100) NOT NULL, 
	granted_by VARCHAR(64) NOT NULL, 
	granted_at DATETIME NOT NULL, 
	revoked_by VARCHAR(64), 
	revoked_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(account_id) REFERENCES staff_accounts (id)
);
INSERT INTO staff_grants VALUES(1,1,'intake','jc','setup','2026-12-05 10:11:58.266304',NULL,NULL);
INSERT INTO staff_grants VALUES(2,1,'office','jc','setup','2026-12-05 10:11:58.297428','setup','2026-12-05 10:11:58.331527');
CREATE TABLE staff_grant_history (
	id INTEGER NOT NULL, 
	grant_id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	action VARCHAR(10) NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	unit_id VARCHAR(100) NOT NULL, 
	"by" VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(grant_id) REFERENCES staff_grants (id)
);
INSERT INTO staff_grant_history VALUES(1,1,'wang.intake','granted','intake','jc','setup','2026-12-05 10:11:58.266304');
INSERT INTO staff_grant_history VALUES(2,2,'wang.intake','granted','office','jc','setup','2026-12-05 10:11:58.297428');
INSERT INTO staff_grant_history VALUES(3,2,'wang.intake','revoked','office','jc','setup','2026-12-05 10:11:58.331527');
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','case_search','case_search',0,'CREATE VIRTUAL TABLE case_search USING fts5(case_id UNINDEXED, reference, title, description, tokenize=''trigram'')');
CREATE TABLE IF NOT EXISTS 'case_search_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO case_search_data VALUES(1,X'01000e040a');
INSERT INTO case_search_data VALUES(10,X'000000000101010001010101');
INSERT INTO case_search_data VALUES(137438953473,X'0000014004302d3030010601010d0202323001060101040103303030010601010e030131010601010f0202323601060101060202352d010601010b0103313230010601010901033230320106010105030135010601010a0202363101060101070103352d30010601010c010336313201060101080103677a2d010601010201037a2d3201060101030109e591b3e6988ee698be010601030a0208a48fe5ada3e5bc8201060103070208ada3e5bc82e591b301060103080208bc82e591b3e6988e01060103090109e6988ee698bee38082010601030b0208b2b3e98193e9bb91010c0102020103020109e887ade6b0b4e4bd9301060102050406efbc8ce5a48f01060103050109e98193e9bb91e887ad010c0102030103030208bb91e887ade6b0b401060102040703efbc8c01060103040109efbc8ce5a48fe5ada30106010306040a090a0809090a0a08090a0a0a0a100f0f0f1012100d130f0a');
CREATE TABLE IF NOT EXISTS 'case_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO case_search_idx VALUES(1,X'',2);
CREATE TABLE IF NOT EXISTS 'case_search_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3);
INSERT INTO case_search_content VALUES(1,'428bdfc13ecd5d2d8e1daa212f015c84','GZ-20261205-0001','河道黑臭水体','河道黑臭，夏季异味明显。');
CREATE TABLE IF NOT EXISTS 'case_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO case_search_docsize VALUES(1,X'000e040a');
CREATE TABLE IF NOT EXISTS 'case_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO case_search_config VALUES('version',4);
CREATE INDEX ix_complainant_contacts_case_id ON complainant_contacts (case_id);
CREATE INDEX ix_complainant_contact_reads_case_id ON complainant_contact_reads (case_id);
CREATE INDEX ix_case_rows_parent_id ON case_rows (parent_id);
CREATE INDEX ix_case_rows_responsible_unit ON case_rows (responsible_unit);
CREATE INDEX ix_case_rows_status ON case_rows (status);
CREATE INDEX ix_case_rows_updated_at ON case_rows (updated_at);
CREATE INDEX ix_case_rows_deadline_running ON case_rows (clock_running, deadline);
CREATE INDEX ix_case_rows_township_id ON case_rows (township_id);
CREATE INDEX ix_case_rows_district_id ON case_rows (district_id);
CREATE INDEX ix_case_rows_origin ON case_rows (origin);
CREATE INDEX ix_case_categories_category ON case_categories (category);
CREATE INDEX ix_public_cases_updated_at ON public_cases (updated_at);
CREATE INDEX ix_public_cases_typical_published_at ON public_cases (typical_published_at);
CREATE INDEX ix_public_cases_status ON public_cases (status);
CREATE INDEX ix_public_cases_district_id ON public_cases (district_id);
CREATE UNIQUE INDEX ix_timeline_case_version ON timeline_entries (case_id, version);
CREATE INDEX ix_report_drafts_created_at ON report_drafts (created_at);
CREATE INDEX ix_notification_outbox_pending ON notification_outbox (sent_at, id);
CREATE INDEX ix_notification_outbox_case_id ON notification_outbox (case_id);
CREATE INDEX ix_integrity_flags_case_id ON integrity_flags (case_id);
CREATE INDEX ix_integrity_flags_rule ON integrity_flags (rule);
CREATE INDEX ix_flag_reviews_review_id ON flag_reviews (review_id);
CREATE INDEX ix_flag_photo_index_key_at ON flag_photo_index ("key", at);
CREATE INDEX ix_flag_text_index_key_at ON flag_text_index ("key", at);
CREATE INDEX ix_flag_report_index_lat ON flag_report_index (lat);
CREATE INDEX ix_flag_report_index_enterprise ON flag_report_index (enterprise_code);
CREATE INDEX ix_flag_closing_index_enterprise ON flag_closing_index (enterprise_code);
CREATE INDEX ix_flag_closing_index_lat ON flag_closing_index (lat);
CREATE INDEX ix_flag_claim_index_unit_at ON flag_claim_index (unit_id, at);
CREATE INDEX ix_monitoring_readings_case_id ON monitoring_readings (case_id);
CREATE INDEX ix_ledger_leaves_case ON ledger_leaves (case_id, version);
CREATE UNIQUE INDEX uq_staff_grants_active ON staff_grants (account_id, role, unit_id) WHERE revoked_at IS NULL;
CREATE INDEX ix_staff_grants_account_id ON staff_grants (account_id);
PRAGMA writable_schema=OFF;
COMMIT;
