// UpshiftLab
