@echo off
rem lockctl: see, use and clean account locks. Runs lock-cli\target\lockctl.jar from any directory.
rem Set LOCKCTL_JAVA_OPTS to pass options to the JVM; JAVA_HOME chooses the JDK.
setlocal
set "JAR=%~dp0..\lock-cli\target\lockctl.jar"
if not exist "%JAR%" (
    echo lockctl: %JAR% is missing: build it first with: mvnw.cmd -q package -DskipTests 1>&2
    exit /b 74
)
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx64m %LOCKCTL_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
