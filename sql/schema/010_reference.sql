-- Reference data, loaded in full from data/reference/*.csv on every run.
CREATE TABLE IF NOT EXISTS ref_country (
    iso3 VARCHAR PRIMARY KEY,          -- ISO 3166-1 alpha-3 (WLD: all partners)
    iso2 VARCHAR,
    m49 INTEGER,                       -- UN M49 / ISO numeric code
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    official_name_en VARCHAR
);

-- Every way a text names a country: names, inflected forms, adjectives, short forms.
CREATE TABLE IF NOT EXISTS ref_country_name (
    variant VARCHAR NOT NULL,          -- lower-case surface form or stem
    lang VARCHAR NOT NULL,             -- ru | en
    iso3 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- name | inflection | adjective | stem | official
    PRIMARY KEY (variant, lang)
);

CREATE TABLE IF NOT EXISTS ref_indicator (
    code VARCHAR PRIMARY KEY,
    domain VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    unit_kind VARCHAR NOT NULL,
    default_unit VARCHAR NOT NULL,
    flow VARCHAR,
    description VARCHAR
);

CREATE TABLE IF NOT EXISTS ref_unit (
    code VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    is_currency BOOLEAN NOT NULL
);

-- Which units an indicator may carry for each measure.
CREATE TABLE IF NOT EXISTS ref_indicator_unit (
    indicator VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    PRIMARY KEY (indicator, measure, unit)
);

CREATE TABLE IF NOT EXISTS ref_organisation (
    org_id VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR,
    kind VARCHAR NOT NULL,             -- airline_group | airline | railway | ...
    icao VARCHAR,
    iata VARCHAR,
    country VARCHAR,
    parent_id VARCHAR
);

CREATE TABLE IF NOT EXISTS ref_organisation_name (
    variant VARCHAR NOT NULL,          -- lower-case surface form
    lang VARCHAR NOT NULL,
    org_id VARCHAR NOT NULL,
    PRIMARY KEY (variant, lang)
);

-- UN M49 codes that differ from ISO numeric (e.g. Comtrade's 842 for the United States).
CREATE TABLE IF NOT EXISTS ref_m49_override (
    m49 INTEGER PRIMARY KEY,
    iso3 VARCHAR,                      -- null where action is 'drop' (areas with no ISO3 code)
    name_en VARCHAR,
    action VARCHAR NOT NULL,           -- map | drop
    note VARCHAR
);

-- Official data providers and how often each publishes (a snapshot older than that is late).
CREATE TABLE IF NOT EXISTS ref_provider (
    provider VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    cadence_days INTEGER NOT NULL,
    description VARCHAR,
    source_class VARCHAR               -- statistics_office | official_statement | press_report (ranks verdict sources)
);
ALTER TABLE ref_provider ADD COLUMN IF NOT EXISTS source_class VARCHAR;
