-- Attachments of a case or of a person: PDF, JPEG, PNG or WebP, the type sniffed from the bytes (never the
-- declared one), images re-encoded without their metadata (a photo's GPS tag can reveal a shelter). The
-- content, the file name and the description are encrypted by the application, bound to the row. The
-- sensitivity class chosen at upload decides who sees the attachment at all and who may download it.
CREATE TABLE attachment (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_id uuid NOT NULL REFERENCES person (id),
  -- NULL: an attachment of the person (a birth certificate), not of one of their cases.
  case_id uuid REFERENCES case_file (id),
  sensitivity_class text NOT NULL CHECK (sensitivity_class IN ('general', 'identity', 'contact_location',
    'health', 'psychosocial', 'legal', 'trafficking_experience')),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  -- Of the stored (re-encoded) file, before encryption.
  byte_size integer NOT NULL CHECK (byte_size > 0),
  -- True when an image was re-encoded without its EXIF, XMP, IPTC and ICC metadata.
  metadata_removed boolean NOT NULL,
  file_name_sealed bytea NOT NULL,
  description_sealed bytea,
  content_sealed bytea NOT NULL,
  uploaded_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Ciphertext does not compress: keep it out of line without trying.
ALTER TABLE attachment ALTER COLUMN content_sealed SET STORAGE EXTERNAL;
CREATE INDEX attachment_case ON attachment (case_id, created_at DESC, id) WHERE case_id IS NOT NULL;
CREATE INDEX attachment_person ON attachment (person_id, created_at DESC, id) WHERE case_id IS NULL;

GRANT SELECT, INSERT ON attachment TO amparo_app;
