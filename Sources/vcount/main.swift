import VCore
