// UpshiftSSH
