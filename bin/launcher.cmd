@echo off
rem Starts the instance-lock launcher from a clone, building it first when needed.
rem Usage: bin\launcher.cmd [--lock-dir DIR] [--accounts FILE] [--account ID] [--start] [--broker USER] ...
setlocal
set "ROOT=%~dp0.."
set "JAR=%ROOT%\lock-gui\target\lock-gui.jar"

set "BUILD="
if not exist "%JAR%" set "BUILD=1"
if not exist "%ROOT%\lock-gui\target\lib" set "BUILD=1"
if not defined BUILD (
  rem Rebuild when any source or pom is newer than the jar.
  powershell -NoProfile -Command "$jar=(Get-Item -LiteralPath '%JAR%').LastWriteTime; $new=Get-ChildItem -LiteralPath '%ROOT%' -Recurse -File -Include *.java,pom.xml,*.properties | Where-Object { $_.FullName -notmatch '\\target\\' -and $_.LastWriteTime -gt $jar } | Select-Object -First 1; if ($new) { exit 1 } else { exit 0 }"
  if errorlevel 1 set "BUILD=1"
)
if defined BUILD (
  echo launcher: building the launcher ^(first start, or the sources changed^); Maven shows each module as it goes... 1>&2
  pushd "%ROOT%"
  rem Not quiet: the first build takes a while, and a silent console looks like a hang.
  call mvnw.cmd -B -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl lock-gui -am
  if errorlevel 1 (
    popd
    echo launcher: the build failed; see the output above ^(a JDK 17 or newer is needed^) 1>&2
    exit /b 1
  )
  popd
)

set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -jar "%JAR%" %*
exit /b %ERRORLEVEL%
