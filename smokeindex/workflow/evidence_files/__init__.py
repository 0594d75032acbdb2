"""证据固化 evidence preservation: uploads stored by SHA-256, with limits, time of receipt and uploader."""
