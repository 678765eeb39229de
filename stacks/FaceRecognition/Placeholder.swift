/// placeholder
public enum FaceRecognitionPlaceholder {}
